// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.analyzer.series.SeriesAnalysis;
import io.memsnap.analyzer.series.SeriesAnalyzer;
import io.memsnap.report.feed.SeriesPrometheusRenderer;
import io.memsnap.report.html.SeriesHtmlRenderer;
import io.memsnap.report.json.SeriesJsonRenderer;
import io.memsnap.report.text.SeriesTextRenderer;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** {@code memsnap report DIR}: the series report of a watch directory, in any format but pprof. */
final class SeriesReports {
    private SeriesReports() {}

    static int write(Path dir, OutputOptions output, CommonOptions common, CommandSpec spec, long t0) {
        OutputFormat format = output.resolvedFormat();
        if (format == OutputFormat.PPROF) {
            throw new UsageError("a series has no pprof form: pprof one sample file");
        }
        SeriesAnalysis a = new SeriesAnalyzer().analyze(new SeriesStore(dir).load());
        Output.write(output.outputFile(), Optional.of(dir.toString()), spec.commandLine().getOut(), o -> {
            Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
            render(format, a, w);
            w.flush();
        });
        Progress.done(common, spec.commandLine().getErr(), dir.toString(), output.outputFile(), t0);
        return ExitCode.OK.code();
    }

    static void render(OutputFormat format, SeriesAnalysis a, Writer w) throws IOException {
        switch (format) {
            case JSON -> new SeriesJsonRenderer().render(a, w);
            case HTML -> new SeriesHtmlRenderer().render(a, w);
            case PROMETHEUS -> new SeriesPrometheusRenderer().render(a, w);
            default -> new SeriesTextRenderer().render(a, w);
        }
    }
}
