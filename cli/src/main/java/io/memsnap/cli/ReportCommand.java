// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.snapshot.model.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memsnap report}: capture or load, find, render. The default verb. */
@Command(name = "report", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Explain the memory of a live process (-p PID), a saved snapshot or a core file; a directory "
                + "written by 'memsnap watch' gives the series report.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    MemsnapCommand parent;

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

    @Option(names = "--fail-on", paramLabel = "SEVERITY", completionCandidates = FailOn.Names.class,
            description = "exit with code 7 after writing the report if a finding is this severe or worse: warning or "
                    + "critical")
    FailOn failOn;

    @Option(names = "--trace", paramLabel = "FILE",
            description = "add a leak trace (memsnap trace --format json) to the HTML report as a section")
    Path trace;

    @Override
    public Integer call() {
        long t0 = System.nanoTime();
        if (target.file != null && !target.file.equals(Output.STDIO) && Files.isDirectory(Path.of(target.file))) {
            return SeriesReports.write(Path.of(target.file), output, common, spec, t0);
        }
        output.validate(spec);
        Optional<String> input = Optional.ofNullable(target.file);
        Output.requireNotInput(output.outputFile(), input);
        Sources.Loaded loaded = Sources.load(target, spec, showStrings, parent.stdin());
        Snapshot snapshot = loaded.snapshot();
        List<Finding> findings = FindingsEngine.withDefaultRules().analyze(snapshot);
        if (trace != null) {
            if (output.resolvedFormat().report().orElse(null) != io.memsnap.report.ReportFormat.HTML) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--trace adds a section to the HTML report: use --format html");
            }
            io.memsnap.snapshot.model.trace.LeakTrace t;
            try {
                t = io.memsnap.report.json.TraceJsonReader.read(trace);
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new io.memsnap.snapshot.MemsnapException(io.memsnap.snapshot.MemsnapException.Kind.BAD_INPUT,
                        "cannot read the trace " + trace + ": " + e.getMessage(), e);
            }
            Output.write(output.outputFile(), input, spec.commandLine().getOut(), o -> {
                java.io.StringWriter html = new java.io.StringWriter();
                io.memsnap.report.ReportFormat.HTML.renderer().render(snapshot, findings, output.reportOptions(),
                        html);
                o.write(io.memsnap.report.trace.TraceSection.addTo(html.toString(), t,
                        output.reportOptions().topRows()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            });
        } else {
            Reports.write(output, input, snapshot, findings, spec.commandLine().getOut());
        }
        Progress.done(common, spec.commandLine().getErr(), loaded.input(), output.outputFile(), t0);
        if (failOn != null && failOn.triggeredBy(findings)) {
            return ExitCode.FINDINGS.code();
        }
        return ExitCode.OK.code();
    }
}
