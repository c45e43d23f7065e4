// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.PageHeads;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.target.ProcessImage;

/**
 * Finds chunks glibc mmapped directly by looking at the page starts of private anonymous mappings (outside the
 * thread arenas' heaps) for their header: prev_size 0 and a size field that is a multiple of 4096 with only
 * IS_MMAPPED set, fitting in the mapping. The page starts come from the image's one page-start scan
 * ({@link ProcessImage#pageHeads()}), which reads only resident pages (a header page is always resident unless
 * swapped). Several chunks may share one VMA (the kernel merges neighbours).
 */
final class MmapScanner {
    private final ProcessImage image;
    private final Regions regions;

    MmapScanner(ProcessImage image, Regions regions) {
        this.image = image;
        this.regions = regions;
    }

    /** Totals of the scan. */
    static final class Result {
        long count;
        long bytes;
        long residentBytes;
    }

    /** Scans, counting the chunks found in {@code tally} and, unless it is null, in {@code inUse}. */
    Result scan(ChunkTally tally, InUseIndex inUse) {
        Result out = new Result();
        long page = image.residency().pageSizeBytes();
        for (Mapping m : image.mappings()) {
            if (!m.path().isEmpty() || m.inode() != 0 || !m.readable() || !m.writable() || m.shared()) {
                continue;
            }
            // an unreadable pagemap (the mapping went away) leaves nothing of it that can be scanned safely
            PageHeads.Scan heads = image.pageHeads().in(m);
            long next = m.start();
            for (int k = 0; k < heads.count(); k++) {
                long p = heads.address(k);
                if (p < next || inThreadHeap(p)) {
                    continue;
                }
                long size = sizeOf(p, heads.first(k), heads.second(k), m.end());
                if (size == 0) {
                    continue;
                }
                tally.add(ChunkKind.MMAPPED, size);
                if (inUse != null) {
                    inUse.add(p, size);
                }
                out.count++;
                out.bytes += size;
                int pi = (int) ((p - m.start()) / page);
                int chunkPages = (int) (size / page);
                out.residentBytes += heads.resident().map(b -> (long) b.get(pi, pi + chunkPages).cardinality() * page)
                        .orElse(0L);
                next = p + size;
            }
        }
        return out;
    }

    private boolean inThreadHeap(long p) {
        HeapRegion r = regions.find(p & ~(Layout.HEAP_MAX - 1));
        return r != null && !r.mainArena;
    }

    /** The chunk size if the words at page {@code p} are an mmapped chunk header, else 0. */
    private static long sizeOf(long p, long prevSize, long head, long mappingEnd) {
        long size = head & ~Layout.FLAG_MASK;
        boolean ok = prevSize == 0 && (head & 0xfff) == Layout.IS_MMAPPED && size >= 4096 && p + size <= mappingEnd;
        return ok ? size : 0;
    }
}
