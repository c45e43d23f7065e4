// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every stored snapshot in every format and compares with the stored {@code *.golden.*} file exactly.
 * Run with {@code -Dgolden.update=true} to rewrite the golden files, then review the diff like code. The only mask:
 * the inside of HTML chart SVGs, whose text layout depends on the fonts installed on the machine (the charts are
 * checked in {@code SvgChartsTest} instead).
 */
class GoldenReportTest {
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final Pattern SVG = Pattern.compile("(<svg id='[^']+')[^>]*>.*?</svg>", Pattern.DOTALL);

    static Stream<Arguments> cases() {
        return StoredSnapshots.NAMES.stream()
                .flatMap(n -> Stream.of(ReportFormat.values()).map(f -> Arguments.of(n, f)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cases")
    void matchesGolden(String name, ReportFormat format) throws IOException {
        String actual = render(StoredSnapshots.read(name), format);
        String extension = format == ReportFormat.TEXT ? "txt" : format.key();
        Path golden = StoredSnapshots.dir().resolve(name + ".golden." + extension);
        if (format == ReportFormat.HTML) {
            actual = SVG.matcher(actual).replaceAll("$1><!-- chart masked for golden comparison --></svg>");
        }
        if (UPDATE) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), golden + " missing; run with -Dgolden.update=true");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, golden.toString());
    }

    static String render(Snapshot s, ReportFormat format) throws IOException {
        StringWriter out = new StringWriter();
        format.renderer().render(s, FindingsEngine.withDefaultRules().analyze(s), ReportOptions.defaults(), out);
        return out.toString();
    }
}
