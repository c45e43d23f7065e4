// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import io.memsnap.analyzer.diff.Spans;
import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.series.ComponentSeries;
import io.memsnap.analyzer.series.SeriesAnalysis;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The plain-text report of a watch series: the headline and time to limit, RSS per sample, then every component
 * that changed with its fitted rate and R². Stateless.
 */
public final class SeriesTextRenderer {
    /** Writes {@code a} to {@code out} (flushed, not closed). */
    public void render(SeriesAnalysis a, Writer out) throws IOException {
        List<String> lines = new ArrayList<>();
        int n = a.capturedAt().size();
        lines.add("memsnap series: " + n + " samples, " + a.capturedAt().get(0) + " .. " + a.capturedAt().get(n - 1)
                + " (" + Spans.duration(Duration.ofMillis(Math.round(a.seconds().get(n - 1) * 1000))) + ")");
        lines.add("");
        lines.add("FINDINGS");
        for (String f : a.findings()) {
            lines.addAll(TextWrap.wrap(f, "  - ", "    "));
        }
        lines.add("");
        lines.add("SAMPLES");
        TextTable s = new TextTable("  ", -24, 9, 10, 0);
        s.row("captured at", "processes", "RSS", "change");
        for (int i = 0; i < n; i++) {
            long rss = a.rss().bytes().get(i);
            s.row(a.capturedAt().get(i), String.valueOf(a.processCounts().get(i)), HumanUnits.bytes(rss),
                    i == 0 ? "" : Spans.signedBytes(rss - a.rss().bytes().get(i - 1)));
        }
        lines.addAll(s.lines());
        lines.add("");
        lines.add("GROWTH BY COMPONENT (Theil–Sen slope; R² of the least-squares line; components that changed)");
        TextTable t = new TextTable("  ", -18, -19, 10, 10, 14, 0);
        t.row("layer/group", "item", "first", "last", "rate", "fit");
        List<ComponentSeries> changed = a.components().stream()
                .filter(c -> !c.bytes().get(0).equals(c.bytes().get(n - 1)))
                .sorted(Comparator.comparingDouble((ComponentSeries c) -> -c.fit().slopeBytesPerSecond())
                        .thenComparing(c -> c.key().path()))
                .toList();
        for (ComponentSeries c : changed) {
            t.row(c.key().layer() + "/" + c.key().group(), c.key().name(), HumanUnits.bytes(c.bytes().get(0)),
                    HumanUnits.bytes(c.bytes().get(n - 1)), Spans.rate(c.fit().slopeBytesPerSecond()),
                    c.fit().good() ? String.format(Locale.ROOT, "R² %.2f%s", c.fit().rSquared(),
                            c.fit().steps() ? ", steps" : "") : c.fit().verdict());
        }
        lines.addAll(t.lines());
        lines.add(String.format(Locale.ROOT, "  (fastest growth first; %d unchanged components not shown)",
                a.components().size() - changed.size()));
        for (String line : lines) {
            out.write(line);
            out.write('\n');
        }
        out.flush();
    }
}
