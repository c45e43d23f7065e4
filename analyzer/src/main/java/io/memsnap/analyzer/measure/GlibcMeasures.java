// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.measure;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.glibc.SizeClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * glibc malloc as measures: heap totals ({@code glibc/heap/*}), per arena ({@code glibc/arena/<main|thread
 * 0x...> <what>}, named by address so a new thread arena does not rename the others) and chunks in use per log2
 * size class ({@code glibc/size_class/256–512 KiB}: arena chunks in use plus mmapped chunks, with counts), the
 * histogram the diff tests for a change of shape.
 */
final class GlibcMeasures implements MeasureExtractor {
    static final String LAYER = "glibc";
    static final String SIZE_CLASS = "size_class";

    @Override
    public List<Measure> extract(ProcessSnapshot p) {
        if (p.glibc().isEmpty()) {
            return List.of();
        }
        GlibcHeap g = p.glibc().get();
        List<Measure> out = new ArrayList<>();
        long inUse = 0;
        long inUseCount = 0;
        long freeResident = 0;
        long system = 0;
        long free = 0;
        for (GlibcArena a : g.arenas()) {
            inUse += a.inUseBytes();
            inUseCount += a.inUseCount();
            freeResident += a.freeResidentBytes();
            system += a.systemBytes();
            free += a.freeBytes() + a.topBytes() + a.tcacheBytes() + a.fastbinBytes();
            String name = a.kind().equals("main") ? "main" : String.format(Locale.ROOT, "thread 0x%x", a.address());
            long order = a.kind().equals("main") ? 0 : a.address();
            out.add(Measure.counted(key("arena", name + " in use", order), MeasureKind.TOTAL, a.inUseBytes(),
                    a.inUseCount()));
            out.add(Measure.of(key("arena", name + " free resident", order), MeasureKind.TOTAL,
                    a.freeResidentBytes()));
        }
        out.add(Measure.counted(key("heap", "in use", 0), MeasureKind.TOTAL, inUse, inUseCount));
        out.add(Measure.of(key("heap", "free", 1), MeasureKind.TOTAL, free));
        out.add(Measure.of(key("heap", "free resident", 2), MeasureKind.TOTAL, freeResident));
        out.add(Measure.of(key("heap", "arena system", 3), MeasureKind.TOTAL, system));
        out.add(Measure.counted(key("heap", "mmapped", 4), MeasureKind.TOTAL, g.mmapped().bytes(),
                g.mmapped().count()));
        for (SizeClass c : g.histogram()) {
            out.add(Measure.counted(key(SIZE_CLASS, className(c.minBytes(), c.maxBytes()), c.minBytes()),
                    MeasureKind.PART, c.usedBytes() + c.mmappedBytes(), c.usedCount() + c.mmappedCount()));
        }
        return out;
    }

    /** {@code 256–512 KiB}, or {@code 64 MiB+} for the open last class. */
    static String className(long minBytes, long maxBytes) {
        return maxBytes == Long.MAX_VALUE ? HumanUnits.exact(minBytes) + "+" : HumanUnits.range(minBytes, maxBytes);
    }

    private static MeasureKey key(String group, String name, long order) {
        return new MeasureKey(LAYER, group, name, order);
    }
}
