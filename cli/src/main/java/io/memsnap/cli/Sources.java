// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.CoreFacts;
import io.memsnap.snapshot.capture.CoreProcessImage;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.capture.ProcessDiscovery;
import io.memsnap.snapshot.capture.ProcessFacts;
import io.memsnap.snapshot.codec.SnapshotCodec;
import io.memsnap.snapshot.model.ProcStatus;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
        return isElf(file) ? fromCore(capturer, file) : SnapshotCodec.create().read(file);
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

    private static Snapshot fromCore(Capturer capturer, Path file) {
        try (CoreProcessImage image = CoreProcessImage.open(file)) {
            CoreFacts cf = image.facts();
            String exe = cf.exe().orElse("");
            ProcessFacts facts = new ProcessFacts(cf.pid(), cf.ppid(),
                    ProcessDiscovery.classify(cf.comm(), cf.cmdline(), exe, image.mappings()), cf.comm(),
                    cf.cmdline(), exe, ProcStatus.unknown(), Optional.empty(), List.of());
            ProcessSnapshot ps = capturer.assemble(image, facts, image.warnings());
            return capturer.snapshot("core " + file, capturer.liveHost(), List.of(ps));
        }
    }
}
