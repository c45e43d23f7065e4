// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model;

import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import java.util.List;
import java.util.Objects;

/**
 * One capture of one or more processes (an nginx master with its workers, or a single process).
 *
 * @param format the schema id, {@link #FORMAT}
 * @param capturedAt ISO-8601 UTC instant of the capture
 * @param source what was captured: {@code pid 1234} or {@code core /path/core.1234}
 * @param host facts about the capturing machine (kernel, memsnap version)
 * @param processes one entry per process, the requested one first, then workers by pid
 */
public record Snapshot(String format, String capturedAt, String source, HostInfo host, List<ProcessSnapshot> processes) {
    /** The schema id this build writes and reads. */
    public static final String FORMAT = "memsnap-snapshot/1";

    public Snapshot {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(host, "host");
        processes = List.copyOf(processes);
    }

    /**
     * This snapshot without Lua string contents: what a report shows unless the user asks for strings, whether the
     * snapshot was captured just now or read from a file that was captured with {@code --show-strings}.
     */
    public Snapshot withoutStringPreviews() {
        List<ProcessSnapshot> bare = processes.stream().map(p -> new ProcessSnapshot(p.pid(), p.ppid(), p.role(),
                p.name(), p.cmdline(), p.exe(), p.rssBytes(), p.status(), p.cgroupMemoryLimitBytes(),
                p.freezePauseMillis(), p.mappings(), p.breakdown(), p.glibc(),
                p.luajit().map(LuaJitHeap::withoutStringPreviews), p.warnings())).toList();
        return new Snapshot(format, capturedAt, source, host, bare);
    }
}
