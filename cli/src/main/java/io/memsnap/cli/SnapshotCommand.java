// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.snapshot.codec.SnapshotCodec;
import io.memsnap.snapshot.model.Snapshot;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memsnap snapshot}: capture a process (or convert a core file) into a snapshot file. */
@Command(name = "snapshot", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Save a snapshot (memsnap-snapshot/1 JSON, gzip when the name ends in .gz) for a later "
                + "'memsnap report FILE'.")
final class SnapshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    MemsnapCommand parent;

    @Mixin
    TargetOptions target;

    @Mixin
    CommonOptions common;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "where to write the snapshot, e.g. snap.json.gz (created 0600; - is stdout, uncompressed)")
    String output;

    @Option(names = "--show-strings", description = "record (truncated) contents of the biggest Lua strings")
    boolean showStrings;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        Optional<String> file = output.equals(Output.STDIO) ? Optional.empty() : Optional.of(output);
        Optional<String> input = Optional.ofNullable(target.file);
        Output.requireNotInput(file, input);
        file.ifPresent(f -> OutputPaths.requireWritable(spec, "-o", Path.of(f)));
        Sources.Loaded loaded = Sources.load(target, spec, showStrings, parent.stdin());
        Snapshot snapshot = loaded.snapshot();
        Output.write(file, input, spec.commandLine().getOut(), o -> SnapshotCodec.create().write(snapshot, o));
        Progress.done(common, spec.commandLine().getErr(), loaded.input(), file, t0);
        return ExitCode.OK.code();
    }
}
