// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * glibc keeps free memory resident: "glibc holds 300 MiB free: 280 MiB in resident free pages (27% of RSS), of
 * which malloc_trim(0) could return 250 MiB now; 20 MiB (2% of RSS) is fragmented among live chunks". Free is bins, top, tcache and
 * fastbins of every arena ({@code free_bytes + top_bytes + tcache_bytes + fastbin_bytes}); resident free is
 * {@link GlibcArena#freeResidentBytes()} (whole free pages in RAM); what a trim returns now is
 * {@link GlibcArena#trimmableBytes()} (bin chunks' inner pages and the main arena's top, not tcache or fastbins,
 * not thread arenas' top); fragmented is {@link GlibcArena#fragmentedBytes()} (free bytes on pages shared with
 * live chunks or headers, which no trim returns). Silent unless the resident free pages or the fragmented bytes reach
 * {@link #MIN_BYTES} and {@link #MIN_SHARE} of RSS. The finding's bytes are both together: free memory glibc keeps
 * on resident pages (fragmented bytes sit next to live chunks, so their pages are in RAM unless swapped).
 */
public final class GlibcFreeResidentRule implements FindingRule {
    /** Least resident free bytes worth a finding. */
    public static final long MIN_BYTES = 64L << 20;
    /** Least share of RSS worth a finding. */
    public static final double MIN_SHARE = 0.10;
    /** From this share of RSS on, the finding is a warning. */
    public static final double WARNING_SHARE = 0.25;

    @Override
    public String id() {
        return "glibc.free-resident";
    }

    @Override
    public Optional<Finding> apply(ProcessSnapshot p) {
        if (p.glibc().isEmpty()) {
            return Optional.empty();
        }
        GlibcHeap heap = p.glibc().get();
        long rss = p.rssBytes();
        long free = 0;
        long resident = 0;
        long trimmable = 0;
        long fragmented = 0;
        List<EvidenceRow> rows = new ArrayList<>();
        for (GlibcArena a : heap.arenas()) {
            long arenaFree = free(a);
            free += arenaFree;
            resident += a.freeResidentBytes();
            trimmable += a.trimmableBytes();
            fragmented += a.fragmentedBytes();
            String name = String.format(Locale.ROOT, "%s 0x%x", a.kind(), a.address());
            rows.add(EvidenceRow.notResident(name + ": free", arenaFree, "bins, top, tcache, fastbins"));
            rows.add(EvidenceRow.of(name + ": free pages", a.freeResidentBytes(), rss, "whole pages, resident"));
            rows.add(EvidenceRow.of(name + ": trimmable", a.trimmableBytes(), rss, "malloc_trim(0) returns it"));
            rows.add(EvidenceRow.of(name + ": fragmented", a.fragmentedBytes(), rss, "on pages with live chunks"));
        }
        if (!worth(resident, rss) && !worth(fragmented, rss)) {
            return Optional.empty();
        }
        long held = resident + fragmented;
        double share = Shares.of(held, rss);
        String text = String.format(Locale.ROOT, "glibc holds %s free: %s in resident free pages (%s of RSS), of which"
                        + " malloc_trim(0) could return %s now; %s (%s of RSS) is fragmented among live chunks, which"
                        + " no trim returns.",
                HumanUnits.bytes(free), HumanUnits.bytes(resident), HumanUnits.percent(Shares.of(resident, rss)),
                HumanUnits.bytes(trimmable), HumanUnits.bytes(fragmented),
                HumanUnits.percent(Shares.of(fragmented, rss)));
        Severity severity = share >= WARNING_SHARE ? Severity.WARNING : Severity.INFO;
        String whatToDo = fragmented > trimmable
                ? "Most of it is fragmented: free space between live chunks. Find who keeps a few long-lived blocks"
                        + " among many freed ones (interleaved lifetimes) and allocate them apart; malloc_trim(0)"
                        + " only returns the trimmable part."
                : "Return it with malloc_trim(0); if it comes back, lower M_TRIM_THRESHOLD/M_MMAP_THRESHOLD or cap"
                        + " arenas with MALLOC_ARENA_MAX.";
        return Optional.of(new Finding(id(), severity, p.pid(), text, held, Shares.ofWhole(held, rss), rows, whatToDo,
                List.of("glibc", "malloc_trim", "heap fragmentation", "RSS not released", "MALLOC_ARENA_MAX")));
    }

    private static boolean worth(long bytes, long rss) {
        return bytes >= MIN_BYTES && Shares.of(bytes, rss) >= MIN_SHARE;
    }

    /** Every free byte an arena holds: bins, top, tcache and fastbins. */
    static long free(GlibcArena a) {
        return a.freeBytes() + a.topBytes() + a.tcacheBytes() + a.fastbinBytes();
    }
}
