// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import io.memsnap.analyzer.diff.Spans;
import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.series.ComponentSeries;
import io.memsnap.analyzer.series.SeriesAnalysis;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML series report from {@code series.html}: findings and time to limit, one chart over time per layer group
 * that changed (RSS categories, LuaJIT allocator, glibc heap, ...) and the fitted growth per component. Stateless.
 */
public final class SeriesHtmlRenderer {
    private static final TemplateFiller TEMPLATE =
            new TemplateFiller("series.html", List.of("summary", "findings", "charts", "growth"));
    private static final boolean[] NUMERIC = {false, false, true, true, true, false};

    /** Writes {@code a} to {@code out} (flushed, not closed). */
    public void render(SeriesAnalysis a, Writer out) throws IOException {
        HtmlOut h = new HtmlOut(out);
        int n = a.capturedAt().size();
        TEMPLATE.fill(out, name -> {
            switch (name) {
                case "summary" -> {
                    h.el("h1", "", "memsnap series");
                    h.el("p", "meta", n + " samples, " + a.capturedAt().get(0) + " .. " + a.capturedAt().get(n - 1));
                }
                case "findings" -> {
                    for (String f : a.findings()) {
                        h.tag("<div class=\"finding\">").el("div", "text", f).tag("</div>\n");
                    }
                }
                case "charts" -> charts(a, h);
                default -> growth(a, h, n);
            }
        });
    }

    private static void charts(SeriesAnalysis a, HtmlOut h) throws IOException {
        Map<String, List<SvgLineChart.Line>> groups = new LinkedHashMap<>();
        for (ComponentSeries c : a.components()) {
            boolean flat = c.bytes().stream().distinct().count() == 1;
            if (!flat && !c.key().group().equals("size_class")) {
                groups.computeIfAbsent(c.key().layer() + " / " + c.key().group(), k -> new ArrayList<>())
                        .add(new SvgLineChart.Line(c.key().name(), c.bytes()));
            }
        }
        int i = 0;
        for (Map.Entry<String, List<SvgLineChart.Line>> g : groups.entrySet()) {
            h.el("h3", "", g.getKey());
            h.svg(SvgLineChart.draw("series-" + i++, a.seconds(), g.getValue()));
        }
    }

    private static void growth(SeriesAnalysis a, HtmlOut h, int n) throws IOException {
        h.tag("<table>\n");
        h.row("th", NUMERIC, "layer/group", "item", "first", "last", "rate (Theil–Sen)", "fit");
        for (ComponentSeries c : a.components()) {
            if (c.bytes().get(0).equals(c.bytes().get(n - 1))) {
                continue;
            }
            h.row("td", NUMERIC, c.key().layer() + "/" + c.key().group(), c.key().name(),
                    HumanUnits.bytes(c.bytes().get(0)), HumanUnits.bytes(c.bytes().get(n - 1)),
                    Spans.rate(c.fit().slopeBytesPerSecond()), c.fit().good()
                            ? String.format(Locale.ROOT, "R² %.2f", c.fit().rSquared()) : c.fit().verdict());
        }
        h.tag("</table>\n");
    }
}
