// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SvgChartsTest {
    @Test
    void chartIsInlineSvgWithEscapedLabelsAndNoUrl() {
        String svg = SvgCharts.horizontal("t1", List.of(new SvgCharts.Series("RSS", List.of(
                new SvgCharts.Bar("glibc in use", 812L << 20), new SvgCharts.Bar("<script>x</script>", 1L << 20)))));
        assertTrue(svg.startsWith("<svg id='t1'"), svg.substring(0, 80));
        assertFalse(svg.contains("http"), "no namespace or other URL");
        assertFalse(svg.contains("<script"));
        assertTrue(svg.contains("&lt;script&gt;"));
        assertTrue(svg.contains("glibc in use"));
        assertTrue(svg.contains("812.0"), "value label in MiB");
        assertTrue(svg.contains("url(#t1-"), "clip ids carry the chart id so charts can share a page");
    }

    @Test
    void smallValuesGetAUnitThatFitsAndTicksThatDoNotRepeat() {
        // 0.2 MiB and less: in MiB with one decimal the ticks read "0.2 0.2 0.1 0.1 0 0"
        String svg = SvgCharts.horizontal("t2", List.of(new SvgCharts.Series("RSS", List.of(
                new SvgCharts.Bar("a", 212_000), new SvgCharts.Bar("b", 90_000), new SvgCharts.Bar("c", 4_096)))));
        assertTrue(svg.contains(">KiB<"), "axis in KiB");
        List<String> ticks = new ArrayList<>();
        Matcher m = Pattern.compile(">([0-9][0-9,]*)</text>").matcher(svg);
        while (m.find()) {
            ticks.add(m.group(1));
        }
        assertTrue(ticks.size() >= 3, ticks.toString());
        assertEquals(ticks.size(), new HashSet<>(ticks).size(), "repeated tick " + ticks);
    }

    @Test
    void theUnitIsTheLargestInWhichTheMaximumIsAtLeastOne() {
        assertEquals("B", SvgCharts.unitFor(0).name());
        assertEquals("B", SvgCharts.unitFor(1023).name());
        assertEquals("KiB", SvgCharts.unitFor(1024).name());
        assertEquals("MiB", SvgCharts.unitFor(812L << 20).name());
        assertEquals("GiB", SvgCharts.unitFor(3L << 30).name());
    }
}
