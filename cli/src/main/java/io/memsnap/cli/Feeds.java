// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.feed.PprofWriter;
import io.memsnap.report.feed.PrometheusRenderer;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Writes a snapshot as a feed: pprof (to a file) or the Prometheus textfile (stdout, or a file atomically). */
final class Feeds {
    private Feeds() {}

    static void write(OutputFormat format, Snapshot snapshot, List<Finding> findings, java.util.Optional<Path> file,
            PrintWriter stdout, CommandSpec spec) throws IOException {
        if (format == OutputFormat.PPROF) {
            Path out = file.orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "--format pprof is binary: give -o FILE (e.g. memsnap.pb.gz)"));
            AtomicFiles.write(out, o -> new PprofWriter().write(snapshot, o));
        } else if (file.isPresent()) {
            AtomicFiles.write(file.get(), o -> {
                Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
                new PrometheusRenderer().render(snapshot, findings, ReportOptions.defaults(), w);
            });
        } else {
            new PrometheusRenderer().render(snapshot, findings, ReportOptions.defaults(), stdout);
        }
    }
}
