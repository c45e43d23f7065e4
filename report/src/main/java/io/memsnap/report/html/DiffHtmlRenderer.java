// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import io.memsnap.analyzer.diff.DiffFinding;
import io.memsnap.analyzer.diff.MeasureDelta;
import io.memsnap.analyzer.diff.ProcessPair;
import io.memsnap.analyzer.diff.SnapshotDiff;
import io.memsnap.analyzer.diff.Spans;
import io.memsnap.report.DeltaCells;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * The HTML diff: one self-contained file from {@code diff.html}, with side-by-side bars per RSS category (before and
 * after), the differential glibc size histogram (change per class) and every delta of every pair. Everything from
 * a snapshot is escaped. Stateless.
 */
public final class DiffHtmlRenderer {
    private static final TemplateFiller TEMPLATE =
            new TemplateFiller("diff.html", List.of("summary", "findings", "bars", "histogram", "deltas"));
    private static final boolean[] NUMERIC = {false, false, true, true, true, true, true};

    /** Writes {@code diff} to {@code out} (flushed, not closed). */
    public void render(SnapshotDiff diff, Writer out) throws IOException {
        HtmlOut h = new HtmlOut(out);
        ProcessPair all = diff.all();
        TEMPLATE.fill(out, name -> {
            switch (name) {
                case "summary" -> summary(diff, h);
                case "findings" -> {
                    for (DiffFinding f : diff.findings()) {
                        h.tag("<div class=\"finding\"><span class=\"badge\">").text(f.id()).tag("</span>")
                                .el("div", "text", f.text()).tag("</div>\n");
                    }
                }
                case "bars" -> h.svg(SvgCharts.horizontal("diff-bars", List.of(
                        new SvgCharts.Series("before", bars(all.group("rss", "category"), true)),
                        new SvgCharts.Series("after", bars(all.group("rss", "category"), false)))));
                case "histogram" -> histogram(all, h);
                default -> deltas(diff, h);
            }
        });
    }

    private static void summary(SnapshotDiff diff, HtmlOut h) throws IOException {
        h.el("h1", "", "memsnap diff");
        h.el("p", "meta", diff.before().source() + " at " + diff.before().capturedAt() + " → "
                + diff.after().source() + " at " + diff.after().capturedAt() + " (" + Spans.duration(diff.elapsed())
                + " apart)");
        if (!diff.mismatches().isEmpty()) {
            h.tag("<ul class=\"warnings\">");
            for (String m : diff.mismatches()) {
                h.el("li", "", m);
            }
            h.tag("</ul>\n");
        }
    }

    private static List<SvgCharts.Bar> bars(List<MeasureDelta> ds, boolean before) {
        return ds.stream().filter(d -> d.beforeBytes() + d.afterBytes() > 0)
                .map(d -> new SvgCharts.Bar(d.key().name(), before ? d.beforeBytes() : d.afterBytes())).toList();
    }

    private static void histogram(ProcessPair all, HtmlOut h) throws IOException {
        List<MeasureDelta> classes = all.group("glibc", "size_class");
        if (classes.isEmpty()) {
            h.el("p", "muted", "No glibc section on either side.");
            return;
        }
        h.svg(SvgCharts.horizontal("diff-hist", List.of(new SvgCharts.Series("change", classes.stream()
                .map(d -> new SvgCharts.Bar(d.key().name(), d.deltaBytes())).toList()))));
    }

    private static void deltas(SnapshotDiff diff, HtmlOut h) throws IOException {
        for (ProcessPair p : diff.pairs()) {
            h.el("h3", "", p.label() + " (pids " + p.beforePids() + " → " + p.afterPids() + ")");
            h.tag("<table>\n");
            h.row("th", NUMERIC, DeltaCells.HEADER.toArray(String[]::new));
            for (MeasureDelta d : p.deltas()) {
                if (DeltaCells.changed(d)) {
                    h.row("td", NUMERIC, DeltaCells.of(d));
                }
            }
            h.tag("</table>\n");
        }
    }
}
