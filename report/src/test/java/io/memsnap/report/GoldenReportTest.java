// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every stored snapshot in every format and compares with the stored {@code *.golden.*} file exactly.
 * HTML chart SVGs are compared on what they show ({@link ChartDigest}: bars, values, series order, labels), since
 * their text layout depends on the fonts installed on the machine. {@code -Dgolden.update=true} rewrites the golden
 * files that differ, prints what changed, and fails: "N goldens rewritten: review the diff and rerun". An update
 * run can never pass with a changed golden, so it cannot approve itself; {@code run-tests} refuses the flag.
 */
class GoldenReportTest {
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final Pattern SVG = Pattern.compile("(<svg id='[^']+')[^>]*>.*?</svg>", Pattern.DOTALL);
    private static final List<String> REWRITTEN = new ArrayList<>();

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
            actual = chartsAsData(actual);
        }
        String expected = Files.exists(golden) ? Files.readString(golden, StandardCharsets.UTF_8) : null;
        if (UPDATE && !actual.equals(expected)) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            System.out.println(GoldenDiff.describe(golden, expected, actual));
            synchronized (REWRITTEN) {
                REWRITTEN.add(golden.getFileName().toString());
            }
            fail(golden + " rewritten: review the diff and rerun");
        }
        assertNotNull(expected, golden + " missing; run with -Dgolden.update=true");
        assertEquals(expected, actual, golden.toString());
    }

    @AfterAll
    static void updateRunFails() {
        if (!REWRITTEN.isEmpty()) {
            fail(REWRITTEN.size() + " goldens rewritten: review the diff and rerun (" + REWRITTEN + ")");
        }
    }

    /** Each chart SVG replaced by the data it draws ({@link ChartDigest}), so fonts cannot change the golden. */
    static String chartsAsData(String html) {
        Matcher m = SVG.matcher(html);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(
                    m.group(1) + "><!-- chart data: " + ChartDigest.of(m.group()).replace("--", "- -") + " --></svg>"));
        }
        return m.appendTail(out).toString();
    }

    static String render(Snapshot s, ReportFormat format) throws IOException {
        StringWriter out = new StringWriter();
        format.renderer().render(s, FindingsEngine.withDefaultRules().analyze(s), ReportOptions.defaults(), out);
        return out.toString();
    }
}
