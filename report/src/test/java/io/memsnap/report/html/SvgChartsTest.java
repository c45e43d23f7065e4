// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
}
