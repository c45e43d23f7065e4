// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.feed.PprofWriter;
import io.memsnap.report.feed.PrometheusRenderer;
import io.memsnap.snapshot.model.Snapshot;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Writes a snapshot as a feed: pprof (to a file) or the Prometheus textfile (stdout, or a file atomically). */
final class Feeds {
    private Feeds() {}

    static void write(OutputFormat format, Snapshot snapshot, List<Finding> findings, Optional<String> file,
            Optional<String> input, PrintWriter stdout) {
        if (format == OutputFormat.PPROF) {
            String out = file.orElseThrow(
                    () -> new UsageError("--format pprof is binary: give -o FILE (e.g. memsnap.pb.gz)"));
            // the profile is gzipped by its writer, whatever the file is called
            Output.writeAsIs(out, input, o -> new PprofWriter().write(snapshot, o));
        } else if (file.isPresent()) {
            Output.writeReadableByOthers(Path.of(file.get()), o -> {
                Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
                new PrometheusRenderer().render(snapshot, findings, ReportOptions.defaults(), w);
                w.flush();
            });
        } else {
            Output.write(Optional.empty(), input, stdout, o -> {
                Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
                new PrometheusRenderer().render(snapshot, findings, ReportOptions.defaults(), w);
                w.flush();
            });
        }
    }
}
