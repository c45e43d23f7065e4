// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.glibc.SizeClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One size class summed over every arena of a glibc heap; "in use" counts chunks in arenas and mmapped chunks.
 *
 * @param minBytes smallest chunk size of the class
 * @param maxBytes chunk sizes are below this
 * @param inUseCount chunks in use (arena and mmapped)
 * @param inUseBytes their bytes
 * @param freeCount chunks free in bins, tcache and fastbins
 * @param freeBytes their bytes
 */
public record SizeClassTotal(
        long minBytes, long maxBytes, long inUseCount, long inUseBytes, long freeCount, long freeBytes) {

    /** The classes of {@code heap} summed over its arenas, smallest first. */
    public static List<SizeClassTotal> of(GlibcHeap heap) {
        Map<Long, SizeClassTotal> byMin = new TreeMap<>();
        for (GlibcArena a : heap.arenas()) {
            for (SizeClass c : a.histogram()) {
                SizeClassTotal t = new SizeClassTotal(c.minBytes(), c.maxBytes(), c.usedCount() + c.mmappedCount(),
                        c.usedBytes() + c.mmappedBytes(), c.freeCount() + c.tcacheCount() + c.fastbinCount(),
                        c.freeBytes() + c.tcacheBytes() + c.fastbinBytes());
                byMin.merge(c.minBytes(), t, SizeClassTotal::plus);
            }
        }
        return new ArrayList<>(byMin.values());
    }

    private SizeClassTotal plus(SizeClassTotal o) {
        return new SizeClassTotal(minBytes, Math.max(maxBytes, o.maxBytes), inUseCount + o.inUseCount,
                inUseBytes + o.inUseBytes, freeCount + o.freeCount, freeBytes + o.freeBytes);
    }
}
