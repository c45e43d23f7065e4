// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.report.ReportFormat;
import io.memsnap.report.ReportOptions;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --format} and {@code -o}: how and where a report is written. */
final class OutputOptions {
    @Option(names = "--format", paramLabel = "FORMAT", description = "text, json or html (default: ${DEFAULT-VALUE})")
    ReportFormat format = ReportFormat.TEXT;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the report to FILE instead of stdout")
    Path output;

    @Option(names = "--top", paramLabel = "N",
            description = "how many of the largest mappings each process shows (default: ${DEFAULT-VALUE})")
    int top = ReportOptions.DEFAULT_MAX_MAPPINGS;

    /** Usage errors for a negative {@code --top} or an unwritable {@code -o}, before anything is captured. */
    void validate(picocli.CommandLine.Model.CommandSpec spec) {
        if (top < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--top must be 0 or more, not " + top);
        }
        outputFile().ifPresent(f -> OutputPaths.requireWritable(spec, "-o", f));
    }

    /** Renderer options from the flags. */
    ReportOptions reportOptions() {
        return new ReportOptions(top);
    }

    /** The output file, if one was given. */
    Optional<Path> outputFile() {
        return Optional.ofNullable(output);
    }
}
