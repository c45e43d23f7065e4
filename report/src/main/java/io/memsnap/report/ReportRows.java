// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The display order every renderer shows rows in, so text and HTML agree. Each order ends in a unique tie-breaker.
 * Stateless.
 */
public final class ReportRows {
    private ReportRows() {}

    /** Breakdown entries with bytes, largest first, then by category order. */
    public static List<BreakdownEntry> breakdown(ProcessSnapshot p) {
        return p.breakdown().stream()
                .filter(e -> e.bytes() > 0)
                .sorted(Comparator.comparingLong(BreakdownEntry::bytes).reversed()
                        .thenComparing(BreakdownEntry::category))
                .toList();
    }

    /** The {@code max} mappings with the most Rss, then by address. */
    public static List<Mapping> largestMappings(ProcessSnapshot p, int max) {
        return p.mappings().stream()
                .sorted(Comparator.comparingLong(Mapping::rssBytes).reversed()
                        .thenComparing(Mapping::start, Long::compareUnsigned))
                .limit(max)
                .toList();
    }

    /** GC object types, most bytes first, then by name. */
    public static List<GcObjectType> objectTypes(List<GcObjectType> types) {
        return types.stream()
                .sorted(Comparator.comparingLong(GcObjectType::bytes).reversed().thenComparing(GcObjectType::type))
                .toList();
    }

    /** The findings about {@code pid}, in their ranked order. */
    public static List<Finding> findingsOf(List<Finding> findings, int pid) {
        return findings.stream().filter(f -> f.pid() == pid).toList();
    }

    /** All warnings of a process: capture, then glibc walker, then LuaJIT walker, each prefixed by its source. */
    public static List<String> warnings(ProcessSnapshot p) {
        List<String> out = new ArrayList<>();
        p.warnings().forEach(w -> out.add("capture: " + w));
        p.glibc().ifPresent(g -> {
            g.warnings().forEach(w -> out.add("glibc walker: " + w));
            g.arenas().forEach(a -> a.warnings().forEach(w -> out.add(String.format(Locale.ROOT,
                    "glibc walker, %s arena 0x%x: %s", a.kind(), a.address(), w))));
        });
        p.luajit().ifPresent(l -> l.warnings().forEach(w -> out.add("LuaJIT walker: " + w)));
        return out;
    }
}
