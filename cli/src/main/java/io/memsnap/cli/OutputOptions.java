// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.report.ReportFormat;
import io.memsnap.report.ReportOptions;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --format}, {@code -o} and {@code --top}: how and where a report is written. */
final class OutputOptions {
    @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = FormatNames.class,
            description = "text, json or html (default: from the -o name: .html, .json, .json.gz, .txt; else text)")
    ReportFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "write the report to FILE (created 0600; gzip if it ends in .gz; - is stdout) instead of "
                    + "stdout")
    String output;

    @Option(names = "--top", paramLabel = "N",
            description = "how many rows each ranked table shows (default: ${DEFAULT-VALUE})")
    int top = ReportOptions.DEFAULT_TOP_ROWS;

    /** The format names as typed, for completion. */
    static final class FormatNames extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        FormatNames() {
            super(java.util.List.of("text", "json", "html"));
        }
    }

    /** Renderer options from the flags. */
    ReportOptions reportOptions() {
        return new ReportOptions(top);
    }

    /** The output file, empty for stdout (no {@code -o}, or {@code -o -}). */
    Optional<String> outputFile() {
        return output == null || output.equals(Output.STDIO) ? Optional.empty() : Optional.of(output);
    }

    /** {@code --format} if given, else the format the output file's name implies, else text. */
    ReportFormat resolvedFormat() {
        if (format != null) {
            return format;
        }
        return outputFile().map(OutputOptions::formatOf).orElse(ReportFormat.TEXT);
    }

    /** The format a file name implies: .html/.htm, .json/.json.gz, anything else is text. Pure. */
    static ReportFormat formatOf(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".html") || n.endsWith(".htm")) {
            return ReportFormat.HTML;
        }
        return n.endsWith(".json") ? ReportFormat.JSON : ReportFormat.TEXT;
    }
}
