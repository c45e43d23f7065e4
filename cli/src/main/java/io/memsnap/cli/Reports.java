// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.report.ReportFormat;
import io.memsnap.report.ReportOptions;
import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Writes a rendered report to stdout or to the file the user named. */
final class Reports {
    private Reports() {}

    static void write(OutputOptions output, Snapshot snapshot, List<Finding> findings, PrintWriter stdout,
            CommandSpec spec) throws IOException {
        if (output.format.report().isEmpty()) {
            Feeds.write(output.format, snapshot, findings, output.outputFile(), stdout, spec);
            return;
        }
        ReportFormat format = output.format.report().get();
        if (output.outputFile().isPresent()) {
            writeFile(format, output.reportOptions(), snapshot, findings, output.outputFile().get());
        } else {
            format.renderer().render(snapshot, findings, output.reportOptions(), stdout);
            stdout.flush();
        }
    }

    static void writeFile(ReportFormat format, ReportOptions options, Snapshot snapshot, List<Finding> findings,
            Path file) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            format.renderer().render(snapshot, findings, options, w);
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
