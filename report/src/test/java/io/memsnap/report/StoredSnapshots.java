// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import io.memsnap.snapshot.codec.SnapshotCodec;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The stored snapshots under {@code fixtures/src/main/resources/snapshots/} and their golden outputs. */
public final class StoredSnapshots {
    /** Every stored snapshot, by base name. */
    public static final List<String> NAMES = List.of(
            "linux6.18-x86_64-nginx1.22-glibc2.36-pool-leak",
            "linux6.18-x86_64-luajit2-free-retained",
            "linux6.1-x86_64-hostile-strings",
            "linux6.18-x86_64-nginx1.22-openresty-luajit2-pseudo-leak",
            "linux6.18-x86_64-glibc2.36-c-fragmented");

    /** The snapshot with hostile strings in paths, exe, cmdline and walker strings. */
    public static final String HOSTILE = "linux6.1-x86_64-hostile-strings";

    private StoredSnapshots() {}

    /** The source directory (tests run in the report module directory), so golden files can be rewritten. */
    public static Path dir() {
        Path d = Path.of("..", "fixtures", "src", "main", "resources", "snapshots").toAbsolutePath().normalize();
        if (!Files.isDirectory(d)) {
            throw new IllegalStateException("stored snapshots not found at " + d);
        }
        return d;
    }

    /** Reads one stored snapshot with the codec: {@code NAME.json} (hand-written) or {@code NAME.json.gz} (captured). */
    public static Snapshot read(String name) {
        Path plain = dir().resolve(name + ".json");
        return SnapshotCodec.create().read(Files.exists(plain) ? plain : dir().resolve(name + ".json.gz"));
    }

    /**
     * The recorded pseudo-leak master (5508) and worker (5510), with a copy of the worker as a second one (5511):
     * a quiet master and a worker alike to the one shown.
     */
    public static Snapshot withAlikeWorker() {
        Snapshot s = read("linux6.18-x86_64-nginx1.22-openresty-luajit2-pseudo-leak");
        ProcessSnapshot w = s.processes().get(1);
        ProcessSnapshot copy = new ProcessSnapshot(w.pid() + 1, w.ppid(), w.role(), w.name(), w.cmdline(), w.exe(),
                w.rssBytes(), w.status(), w.cgroupMemoryLimitBytes(), w.freezePauseMillis(), w.mappings(),
                w.breakdown(), w.glibc(), w.luajit(), w.warnings());
        List<ProcessSnapshot> ps = new ArrayList<>(s.processes());
        ps.add(copy);
        return new Snapshot(s.format(), s.capturedAt(), s.source(), s.host(), ps);
    }
}
