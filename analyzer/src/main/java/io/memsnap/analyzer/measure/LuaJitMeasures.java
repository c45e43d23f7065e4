// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.measure;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitModule;
import io.memsnap.snapshot.model.luajit.LuaJitRetainer;
import java.util.ArrayList;
import java.util.List;

/**
 * LuaJIT as measures: the allocator ({@code luajit/allocator/*}: footprint, used, free, free retained = resident
 * pages without a live chunk), the GC heap total ({@code luajit/gc/total}) and live objects by type
 * ({@code luajit/object_type/<type>}, with counts), and who holds them: top retainers by path
 * ({@code luajit/retainer/<path>}) and loaded modules ({@code luajit/module/<name>}), retained bytes with objects.
 */
final class LuaJitMeasures implements MeasureExtractor {
    static final String LAYER = "luajit";
    /** Resident allocator pages holding no live chunk: what the RSS breakdown shows as LuaJIT free, resident. */
    static final String FREE_RETAINED = "free retained";
    static final String GC_TOTAL = "total";

    @Override
    public List<Measure> extract(ProcessSnapshot p) {
        if (p.luajit().isEmpty()) {
            return List.of();
        }
        LuaJitHeap h = p.luajit().get();
        LuaJitAllocator a = h.allocator();
        List<Measure> out = new ArrayList<>();
        out.add(Measure.of(key("allocator", "footprint", 0), MeasureKind.TOTAL, a.footprintBytes()));
        out.add(Measure.counted(key("allocator", "used", 1), MeasureKind.TOTAL, a.usedBytes(), a.usedChunks()));
        out.add(Measure.counted(key("allocator", "free", 2), MeasureKind.TOTAL, a.freeBytes(), a.freeChunks()));
        out.add(Measure.of(key("allocator", FREE_RETAINED, 3), MeasureKind.TOTAL, a.reclaimableResidentBytes()));
        out.add(Measure.of(key("gc", GC_TOTAL, 0), MeasureKind.TOTAL, h.gcTotalBytes()));
        int i = 0;
        for (GcObjectType t : h.objects()) {
            if (t.bytes() < 0 || t.count() < 0) {
                // a mis-read type total (seen once for "trace" on a live walk): no measure rather than a wrong one
                continue;
            }
            out.add(Measure.counted(key("object_type", t.type(), i++), MeasureKind.PART, t.bytes(), t.count()));
        }
        i = 0;
        for (LuaJitRetainer r : h.retainers()) {
            // retainers may nest (a module table holds a cache): totals, never added up
            out.add(Measure.counted(key("retainer", r.path(), i++), MeasureKind.TOTAL, r.retainedBytes(),
                    r.objects()));
        }
        i = 0;
        for (LuaJitModule m : h.modules()) {
            out.add(Measure.counted(key("module", m.name(), i++), MeasureKind.TOTAL, m.retainedBytes(), m.objects()));
        }
        return out;
    }

    private static MeasureKey key(String group, String name, long order) {
        return new MeasureKey(LAYER, group, name, order);
    }
}
