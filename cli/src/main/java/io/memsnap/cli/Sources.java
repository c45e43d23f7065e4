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
    private Sources() {}

    static Snapshot load(TargetOptions target, CommandSpec spec, boolean showStrings) {
        Optional<Integer> pid = target.validatedPid(spec);
        Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(showStrings), VersionProvider.version());
        if (pid.isPresent()) {
            CaptureOptions options = new CaptureOptions(target.freeze, !target.noWorkers, Duration.ofSeconds(5));
            return capturer.captureLive(pid.get(), options);
        }
        Path file = target.file;
        return isElf(file) ? capturer.captureCore(file) : SnapshotCodec.create().read(file);
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
