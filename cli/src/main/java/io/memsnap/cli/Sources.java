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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** Turns the target options into a snapshot: a live capture, a saved snapshot file, or a core file. */
final class Sources {
    static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(5);

    private Sources() {}

    static Snapshot load(TargetOptions target, CommandSpec spec, boolean showStrings) {
        Optional<Integer> pid = target.validatedPid(spec);
        if (pid.isPresent()) {
            boolean quiet = spec.commandLine().getParseResult().hasMatchedOption("--quiet");
            try (ProgressLine progress = ProgressLine.forStderr(quiet)) {
                return capturer(showStrings).captureLive(pid.get(), target.captureOptions(), progress);
            }
        }
        Path file = target.file;
        Snapshot read = isElf(file) ? capturer(showStrings).captureCore(file) : SnapshotCodec.create().read(file);
        // a snapshot saved with --show-strings keeps its previews; they are shown only when asked for again
        return showStrings ? read : read.withoutStringPreviews();
    }

    /** Captures a live process with every layer; each thread gets 5 s to stop when {@code freeze} is set. */
    static Snapshot captureLive(int pid, boolean freeze, boolean includeWorkers, boolean showStrings) {
        return capturer(showStrings).captureLive(pid, new CaptureOptions(freeze, includeWorkers, FREEZE_TIMEOUT));
    }

    private static Capturer capturer(boolean showStrings) {
        return new Capturer(Clock.systemUTC(), Layers.all(showStrings), VersionProvider.version());
    }

    private static boolean isElf(Path file) {
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(magic, 0, 4);
            return n == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
        } catch (NoSuchFileException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, file + ": no such file", e);
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
