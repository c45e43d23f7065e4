// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.report.ReportFormat;
import java.util.Optional;

/** The values of {@code --format}: the report formats, plus the feeds for fleet backends. */
enum OutputFormat {
    TEXT(ReportFormat.TEXT),
    JSON(ReportFormat.JSON),
    HTML(ReportFormat.HTML),
    /** A gzipped pprof profile (go tool pprof, Pyroscope, Parca); binary, so it needs {@code -o FILE}. */
    PPROF(null),
    /** Prometheus text format for node_exporter's textfile collector; {@code -o FILE} is written atomically. */
    PROMETHEUS(null);

    private final ReportFormat report;

    OutputFormat(ReportFormat report) {
        this.report = report;
    }

    /** The report format, empty for a feed. */
    Optional<ReportFormat> report() {
        return Optional.ofNullable(report);
    }
}
