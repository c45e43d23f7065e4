// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.report.ReportFormat;
import io.memsnap.report.ReportOptions;
import io.memsnap.snapshot.model.Snapshot;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Writes a rendered report to stdout or to the file the user named. */
final class Reports {
    private Reports() {}

    /** Renders in the resolved format to {@code -o} or stdout; never over {@code input}. */
    static void write(OutputOptions output, Optional<String> input, Snapshot snapshot, List<Finding> findings,
            PrintWriter stdout) {
        OutputFormat format = output.resolvedFormat();
        if (format.report().isEmpty()) {
            Feeds.write(format, snapshot, findings, output.outputFile(), input, stdout);
            return;
        }
        write(format.report().get(), output.reportOptions(), snapshot, findings, output.outputFile(), input, stdout);
    }

    /** Renders {@code format} to {@code file}, or to {@code stdout} when empty. */
    static void write(ReportFormat format, ReportOptions options, Snapshot snapshot, List<Finding> findings,
            Optional<String> file, Optional<String> input, PrintWriter stdout) {
        Output.write(file, input, stdout, o -> {
            Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
            format.renderer().render(snapshot, findings, options, w);
            w.flush();
        });
    }
}
