// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.glibc.SizeClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One size class of a whole glibc heap (every arena and the mmapped chunks); "in use" counts chunks in arenas and mmapped chunks.
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

    /**
     * The classes of {@code heap}, whole process, smallest first: its process-wide histogram, which holds every
     * arena and the mmapped chunks (arena histograms have no mmapped chunks, and case 1's 256–512 KiB pool blocks
     * are mmapped).
     */
    public static List<SizeClassTotal> of(GlibcHeap heap) {
        List<SizeClassTotal> out = new ArrayList<>();
        for (SizeClass c : heap.histogram()) {
            out.add(new SizeClassTotal(c.minBytes(), c.maxBytes(), c.usedCount() + c.mmappedCount(),
                    c.usedBytes() + c.mmappedBytes(), c.freeCount() + c.tcacheCount() + c.fastbinCount(),
                    c.freeBytes() + c.tcacheBytes() + c.fastbinBytes()));
        }
        out.sort(Comparator.comparingLong(SizeClassTotal::minBytes));
        return out;
    }
}
