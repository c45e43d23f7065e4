// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.codec.SnapshotCodec;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** Turns the target options into a snapshot: a live capture, a saved snapshot file, or a core file. */
final class Sources {
    static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(5);

    private Sources() {}

    /**
     * A loaded snapshot and where it came from.
     *
     * @param snapshot the snapshot
     * @param input how the stderr line names the input: {@code pid N}, {@code core FILE}, {@code snapshot FILE (pid N)}
     */
    record Loaded(Snapshot snapshot, String input) {}

    /** Captures or reads the target; a file input is read once and closed before this returns. */
    static Loaded load(TargetOptions target, CommandSpec spec, boolean showStrings, InputStream stdin) {
        Optional<Integer> pid = target.validatedPid(spec);
        if (pid.isPresent()) {
            boolean quiet = spec.commandLine().getParseResult().hasMatchedOption("--quiet");
            try (ProgressLine progress = ProgressLine.forStderr(quiet)) {
                Snapshot s = capturer(showStrings).captureLive(pid.get(), target.captureOptions(), progress);
                return new Loaded(s, s.source());
            }
        }
        try (Input in = Input.open(target.file, stdin)) {
            if (in.isElf()) {
                return new Loaded(core(in, showStrings), "core " + in.name());
            }
            Snapshot read = SnapshotCodec.create().read(in.stream(), in.name());
            // a snapshot saved with --show-strings keeps its previews; they are shown only when asked for again
            Snapshot shown = showStrings ? read : read.withoutStringPreviews();
            return new Loaded(shown, "snapshot " + in.name() + " (" + read.source() + ")");
        }
    }

    /** Captures a live process with every layer; each thread gets 5 s to stop when {@code freeze} is set. */
    static Snapshot captureLive(int pid, boolean freeze, boolean includeWorkers, boolean showStrings) {
        return capturer(showStrings).captureLive(pid, new CaptureOptions(freeze, includeWorkers, FREEZE_TIMEOUT));
    }

    /** A core needs random access: a pipe or stdin is first copied to a private temporary file. */
    private static Snapshot core(Input in, boolean showStrings) {
        Optional<Path> regular = in.regularFile();
        if (regular.isPresent()) {
            return capturer(showStrings).captureCore(regular.get());
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("memsnap-core-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.copy(in.stream(), tmp, StandardCopyOption.REPLACE_EXISTING);
            Snapshot s = capturer(showStrings).captureCore(tmp);
            return new Snapshot(s.format(), s.capturedAt(), "core " + in.name(), s.host(), s.processes());
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT,
                    in.name() + ": cannot copy the core to a temporary file: " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // a leftover 0600 file in the temporary directory; nothing more to do
        }
    }

    private static Capturer capturer(boolean showStrings) {
        return new Capturer(Clock.systemUTC(), Layers.all(showStrings), VersionProvider.recorded());
    }
}
