// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.codec.SnapshotCodec;
import java.io.IOException;
import io.memsnap.snapshot.model.Snapshot;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memsnap snapshot}: capture a process (or convert a core file) into a snapshot file. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Save a snapshot (memsnap-snapshot/1 JSON, gzip when the name ends in .gz) for a later "
                + "'memsnap report FILE'.")
final class SnapshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    CommonOptions common;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "where to write the snapshot, e.g. snap.json.gz")
    Path output;

    @Option(names = "--show-strings", description = "record (truncated) contents of the biggest Lua strings")
    boolean showStrings;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        OutputPaths.requireWritable(spec, "-o", output);
        Snapshot snapshot = Sources.load(target, spec, showStrings);
        try {
            SnapshotCodec.create().write(snapshot, output);
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, "cannot write " + output + ": " + e.getMessage(), e);
        }
        Progress.done(common, spec.commandLine().getErr(), snapshot.source(), output.toString(), t0);
        return ExitCode.OK.code();
    }
}
