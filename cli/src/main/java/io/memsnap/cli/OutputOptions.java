// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.report.ReportOptions;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --format}, {@code -o} and {@code --top}: how and where a report is written. */
final class OutputOptions {
    @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = FormatNames.class,
            description = "text, json, html, pprof or prometheus (default: from the -o name: .html, .json, .json.gz, "
                    + ".pb.gz, .prom, .txt; else text)")
    OutputFormat format;

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
            super(java.util.List.of("text", "json", "html", "pprof", "prometheus"));
        }
    }

    /** Usage errors for a negative {@code --top} or an unwritable {@code -o}, before anything is captured. */
    void validate(picocli.CommandLine.Model.CommandSpec spec) {
        if (top < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--top must be 0 or more, not " + top);
        }
        outputFile().ifPresent(f -> OutputPaths.requireWritable(spec, "-o", java.nio.file.Path.of(f)));
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
    OutputFormat resolvedFormat() {
        if (format != null) {
            return format;
        }
        return outputFile().map(OutputOptions::formatOf).orElse(OutputFormat.TEXT);
    }

    /** The format a file name implies: .html/.htm, .json/.json.gz, .pb.gz/.pprof, .prom, anything else text. Pure. */
    static OutputFormat formatOf(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".pb.gz") || n.endsWith(".pprof")) {
            return OutputFormat.PPROF;
        }
        if (n.endsWith(".prom")) {
            return OutputFormat.PROMETHEUS;
        }
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        if (n.endsWith(".html") || n.endsWith(".htm")) {
            return OutputFormat.HTML;
        }
        return n.endsWith(".json") ? OutputFormat.JSON : OutputFormat.TEXT;
    }
}
