// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.report.ReportFormat;
import io.memsnap.report.ReportOptions;
import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memsnap demo}: installs the fixture packages, starts the bundled nginx + Lua fixture, captures master and
 * workers (frozen), writes the HTML report, prints the text report and stops the fixture.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the bundled nginx + lua-nginx-module fixture with a memory-hungry Lua workload, report on "
                + "it (text on stdout, HTML in memsnap-report.html) and stop it. Needs root (installs packages with "
                + "apt when missing).")
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--html", paramLabel = "FILE", description = "where to write the HTML report (default: ${DEFAULT-VALUE})")
    Path html = Path.of("memsnap-report.html");

    @Option(names = "--requests", paramLabel = "N", description = "workload requests before the capture (default: ${DEFAULT-VALUE})")
    int requests = 3;

    @Override
    public Integer call() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        Path script = home().resolve("fixtures/bin/demo-fixture");
        if (!Files.isExecutable(script)) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT,
                    "cannot find " + script + ": run the demo from a memsnap checkout (./memsnap demo)");
        }
        err.println("memsnap demo: starting the nginx + Lua fixture (" + requests + " workload requests) ...");
        err.flush();
        String[] ready = run(err, script.toString(), "start", "--requests", Integer.toString(requests)).split(" ");
        int master = Integer.parseInt(ready[1]);
        String prefix = ready[3];
        try {
            Snapshot snapshot = Sources.captureLive(master, true, true, false);
            List<Finding> findings = FindingsEngine.withDefaultRules().analyze(snapshot);
            Reports.write(ReportFormat.HTML, ReportOptions.defaults(), snapshot, findings,
                    Optional.of(html.toString()), Optional.empty(), spec.commandLine().getOut());
            Reports.write(ReportFormat.TEXT, ReportOptions.defaults(), snapshot, findings, Optional.empty(),
                    Optional.empty(), spec.commandLine().getOut());
            Progress.done(common, err, "demo nginx master pid " + master, html.toString(), t0);
        } finally {
            run(err, script.toString(), "stop", "--prefix", prefix);
        }
        return ExitCode.OK.code();
    }

    /** The memsnap checkout: $MEMSNAP_HOME (set by the ./memsnap launcher) or the working directory. */
    private static Path home() {
        String env = System.getenv("MEMSNAP_HOME");
        return env == null || env.isEmpty() ? Path.of("").toAbsolutePath() : Path.of(env);
    }

    /** Runs a fixture script, passing its stderr through, and returns the last stdout line. */
    private static String run(PrintWriter err, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(15, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new MemsnapException(MemsnapException.Kind.TARGET_GONE,
                    "demo fixture command failed: " + String.join(" ", cmd));
        }
        String[] lines = out.split("\n");
        return lines[lines.length - 1];
    }
}
