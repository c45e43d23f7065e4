// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.memsnap.report.ChartDigest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The golden comparison of charts sees data changes and ignores what fonts change. */
class ChartDigestTest {
    private static String chart(long inUse, long free) {
        return SvgCharts.horizontal("c", List.of(
                new SvgCharts.Series("in use", List.of(new SvgCharts.Bar("glibc", inUse), new SvgCharts.Bar("lua", 3L << 20))),
                new SvgCharts.Series("free", List.of(new SvgCharts.Bar("glibc", free), new SvgCharts.Bar("lua", 1L << 20)))));
    }

    @Test
    void readsBarsValuesAndLabels() {
        assertEquals("bars: s0 1.0000x1.0000 s1 0.2500x1.0000 s0 0.3750x1.0000 s1 0.1250x1.0000;"
                + " values: 8.0 2.0 3.0 1.0; texts: in use free MiB glibc lua", ChartDigest.of(chart(8L << 20, 2L << 20)));
    }

    @Test
    void swappedSeriesOrAChangedValueChangeTheDigest() {
        String base = ChartDigest.of(chart(8L << 20, 2L << 20));
        String swapped = ChartDigest.of(SvgCharts.horizontal("c", List.of(
                new SvgCharts.Series("free", List.of(new SvgCharts.Bar("glibc", 2L << 20), new SvgCharts.Bar("lua", 1L << 20))),
                new SvgCharts.Series("in use", List.of(new SvgCharts.Bar("glibc", 8L << 20), new SvgCharts.Bar("lua", 3L << 20))))));
        assertNotEquals(base, swapped);
        assertNotEquals(base, ChartDigest.of(chart((8L << 20) + 4096 * 64, 2L << 20)));
    }

    @Test
    void textPositionsAndPlotSizeDoNotChangeTheDigest() {
        String svg = chart(8L << 20, 2L << 20);
        // other fonts move texts and resize the plot area: shift every text, scale every bar
        String moved = replaceNumbers(Pattern.compile("(<text x=')([^']*)(' y=')([^']*)"), svg, 3.5);
        moved = replaceNumbers(Pattern.compile("(<rect x='[^']*' y='[^']*' width=')([^']*)(' height=')([^']*)"),
                moved, 0.9);
        assertNotEquals(svg, moved);
        assertEquals(ChartDigest.of(svg), ChartDigest.of(moved));
    }

    private static String replaceNumbers(Pattern p, String s, double change) {
        Matcher m = p.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            double a = Double.parseDouble(m.group(2));
            double b = Double.parseDouble(m.group(4));
            String rep = change < 1 ? m.group(1) + a * change + m.group(3) + b * change
                    : m.group(1) + (a + change) + m.group(3) + (b + change);
            m.appendReplacement(out, Matcher.quoteReplacement(rep));
        }
        return m.appendTail(out).toString();
    }
}
