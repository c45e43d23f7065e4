// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.snapshot.model.Snapshot;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memsnap report}: capture or load, find, render. The default verb. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Explain the memory of a live process (-p PID), a saved snapshot or a core file.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    OutputOptions output;

    @Mixin
    CommonOptions common;

    @Option(names = "--show-strings",
            description = "include (truncated) contents of the biggest Lua strings; off by default because they may "
                    + "hold secrets")
    boolean showStrings;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        output.validate(spec);
        Snapshot snapshot = Sources.load(target, spec, showStrings);
        List<Finding> findings = FindingsEngine.withDefaultRules().analyze(snapshot);
        Reports.write(output, snapshot, findings, spec.commandLine().getOut());
        Progress.done(common, spec.commandLine().getErr(), snapshot.source(), output, t0);
        return ExitCode.OK.code();
    }
}
