// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.view;

import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A process as every report renderer shows it, finished: rows in display order, each with its share, the layer
 * ranking, the glibc size-class totals, the LuaJIT and nginx tables, ranked tables cut to the asked length. The
 * renderers (text, JSON, HTML) only format these values; the one percent formatter is
 * {@link io.memsnap.analyzer.findings.HumanUnits#percent}. Immutable.
 *
 * @param process the process as captured (facts, counts before any cut)
 * @param breakdown breakdown entries with bytes, largest first, then by category order, then by label (nginx zone
 *     name), each with its share of RSS
 * @param layers every layer, most bytes first ({@link LayerShare#ranked})
 * @param glibc the glibc view, if the process has a glibc section
 * @param luajit the LuaJIT view, if the process has a LuaJIT section
 * @param nginx the nginx view, if the process has an nginx section
 * @param mappings the mappings with the most Rss, then by address, at most the asked number, each with its share of
 *     RSS
 */
public record ProcessView(ProcessSnapshot process, List<Shared<BreakdownEntry>> breakdown, List<LayerShare> layers,
        Optional<GlibcView> glibc, Optional<LuaJitView> luajit, Optional<NginxView> nginx,
        List<Shared<Mapping>> mappings) {
    public ProcessView {
        Objects.requireNonNull(process, "process");
        breakdown = List.copyOf(breakdown);
        layers = List.copyOf(layers);
        Objects.requireNonNull(glibc, "glibc");
        Objects.requireNonNull(luajit, "luajit");
        Objects.requireNonNull(nginx, "nginx");
        mappings = List.copyOf(mappings);
    }

    /** The view of {@code p} with every ranked table cut to {@code top} rows (--top). Pure. */
    public static ProcessView of(ProcessSnapshot p, int top) {
        long rss = p.rssBytes();
        List<BreakdownEntry> rows = p.breakdown().stream()
                .filter(e -> e.bytes() > 0)
                .sorted(Comparator.comparingLong(BreakdownEntry::bytes).reversed()
                        .thenComparing(BreakdownEntry::category)
                        .thenComparing(e -> e.label().orElse("")))
                .toList();
        List<Mapping> mappings = p.mappings().stream()
                .sorted(Comparator.comparingLong(Mapping::rssBytes).reversed()
                        .thenComparing(Mapping::start, Long::compareUnsigned))
                .toList();
        return new ProcessView(p, Shared.first(rows, Integer.MAX_VALUE, BreakdownEntry::bytes, rss),
                LayerShare.ranked(p), p.glibc().map(g -> GlibcView.of(g, top)),
                p.luajit().map(l -> LuaJitView.of(l, rss, top)), p.nginx().map(n -> NginxView.of(n, rss, top)),
                Shared.first(mappings, top, Mapping::rssBytes, rss));
    }

    /** The layer holding the most resident bytes (the first of {@link #layers}). */
    public LayerShare largestLayer() {
        return layers.get(0);
    }
}
