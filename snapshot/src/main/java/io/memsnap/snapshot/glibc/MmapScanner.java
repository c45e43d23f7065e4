// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.PageHeads;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.target.ProcessImage;
import java.util.BitSet;
import java.util.Optional;

/**
 * Finds chunks glibc mmapped directly by looking at the page starts of private anonymous mappings (outside the
 * thread arenas' heaps) for their header: prev_size 0 and a size field that is a multiple of 4096 with only
 * IS_MMAPPED set, fitting in the mapping. The page starts come from the image's one page-start scan
 * ({@link ProcessImage#pageHeads()}), which reads only resident pages (a header page is always resident unless
 * swapped). Several chunks may share one VMA (the kernel merges neighbours). Most mappings are one chunk or a chain
 * of them from the mapping start: the chain costs one page head per chunk, and only a mapping where it breaks is
 * scanned page by page, and only from where it broke (a 64 MiB chunk followed by a few pages of something else
 * costs a scan of those pages, not of 16,000; the same chunks either way).
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
        PageHeads heads = image.pageHeads();
        for (Mapping m : image.mappings()) {
            if (!m.path().isEmpty() || m.inode() != 0 || !m.readable() || !m.writable() || m.shared()) {
                continue;
            }
            // an unreadable pagemap (the mapping went away) leaves nothing of it that can be scanned safely
            Optional<BitSet> resident;
            try {
                resident = heads.resident(m);
            } catch (UnreadableMemoryException e) {
                continue;
            }
            // a mapping usually is one chunk or a few merged ones: follow the chain of headers from its start, one
            // page head per chunk, and scan every page only from where the chain breaks
            long next = m.start();
            while (next < m.end()) {
                long[] h = inThreadHeap(next) ? null : heads.head(m, next);
                long size = h == null ? 0 : sizeOf(next, h[0], h[1], m.end());
                if (size == 0) {
                    break;
                }
                count(out, m, resident, next, size, tally, inUse);
                next += size;
            }
            if (next >= m.end()) {
                continue;
            }
            PageHeads.Scan scan = heads.in(m, next);
            for (int k = 0; k < scan.count(); k++) {
                long p = scan.address(k);
                if (p < next || inThreadHeap(p)) {
                    continue;
                }
                long size = sizeOf(p, scan.first(k), scan.second(k), m.end());
                if (size != 0) {
                    count(out, m, resident, p, size, tally, inUse);
                    next = p + size;
                }
            }
        }
        return out;
    }

    private void count(Result out, Mapping m, Optional<BitSet> resident, long p, long size, ChunkTally tally,
            InUseIndex inUse) {
        tally.add(ChunkKind.MMAPPED, size);
        if (inUse != null) {
            inUse.add(p, size);
        }
        out.count++;
        out.bytes += size;
        long page = image.residency().pageSizeBytes();
        int pi = (int) ((p - m.start()) / page);
        int chunkPages = (int) (size / page);
        out.residentBytes += resident.map(b -> (long) b.get(pi, pi + chunkPages).cardinality() * page).orElse(0L);
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
