// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Case 2, the LuaJIT "pseudo-leak": "94% of the 515 MiB held by the LuaJIT allocator is free but retained". The GC
 * freed the objects, the allocator kept the pages. What it costs in RSS is
 * {@link LuaJitAllocator#reclaimableResidentBytes()}: whole resident pages without a live chunk, the same number the
 * RSS breakdown shows as LuaJIT free. The byte-wise {@link LuaJitAllocator#freeResidentBytes()} is larger (free
 * chunks also fill parts of used pages) and only appears in the evidence, labelled as such. Silent unless at least
 * {@link #MIN_FREE_SHARE} of the allocator is free and at least {@link #MIN_RESIDENT_BYTES} of its pages are
 * reclaimable.
 */
public final class LuaJitFreeRetainedRule implements FindingRule {
    /** Least free share of the allocator footprint. */
    public static final double MIN_FREE_SHARE = 0.50;
    /** Least resident free bytes. */
    public static final long MIN_RESIDENT_BYTES = 32L << 20;
    /** From this share of RSS (resident free) on, the finding is critical. */
    public static final double CRITICAL_SHARE = 0.50;

    @Override
    public String id() {
        return "luajit.free-retained";
    }

    @Override
    public Optional<Finding> apply(ProcessSnapshot p) {
        if (p.luajit().isEmpty()) {
            return Optional.empty();
        }
        LuaJitHeap heap = p.luajit().get();
        LuaJitAllocator a = heap.allocator();
        double freeShare = Shares.of(a.freeBytes(), a.footprintBytes());
        long resident = a.reclaimableResidentBytes();
        if (freeShare < MIN_FREE_SHARE || resident < MIN_RESIDENT_BYTES) {
            return Optional.empty();
        }
        long rss = p.rssBytes();
        double share = Shares.of(resident, rss);
        String text = String.format(Locale.ROOT,
                "%s of the %s held by the LuaJIT allocator is free but retained: %s of resident pages hold no live"
                        + " object (%s of RSS).",
                HumanUnits.percent(freeShare), HumanUnits.bytes(a.footprintBytes()), HumanUnits.bytes(resident),
                HumanUnits.percent(share));
        List<EvidenceRow> rows = List.of(
                EvidenceRow.notResident("LuaJIT allocator footprint", a.footprintBytes(), "mapped segments"),
                EvidenceRow.notResident("LuaJIT allocator in use", a.usedBytes(), ""),
                EvidenceRow.notResident("LuaJIT allocator free", a.freeBytes(),
                        HumanUnits.percent(freeShare) + " of the footprint"),
                EvidenceRow.of("LuaJIT free pages, resident", resident, rss, "whole pages without a live chunk"),
                EvidenceRow.of("LuaJIT free bytes, resident", a.freeResidentBytes(), rss,
                        "byte-wise; parts of used pages too"),
                EvidenceRow.notResident("GC heap, collectgarbage(\"count\")", heap.gcTotalBytes(), "object bytes"));
        Severity severity = share >= CRITICAL_SHARE ? Severity.CRITICAL : Severity.WARNING;
        return Optional.of(new Finding(id(), severity, p.pid(), text, resident, Shares.ofWhole(resident, rss), rows,
                "Not a leak in Lua code: reload workers to return the memory now, and cut peak garbage (large"
                        + " temporary tables and strings per request) so the heap stops growing in steps.",
                List.of("LuaJIT", "lj_alloc", "OpenResty memory", "collectgarbage count low RSS high",
                        "allocator fragmentation")));
    }
}
