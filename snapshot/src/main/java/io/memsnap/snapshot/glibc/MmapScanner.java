// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.capture.ProcessImage;
import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Mapping;
import java.util.BitSet;
import java.util.Optional;

/**
 * Finds chunks glibc mmapped directly by scanning the page starts of private anonymous mappings (outside the arena
 * heaps) for their header: prev_size 0 and a size field that is a multiple of 4096 with only IS_MMAPPED set,
 * fitting in the mapping. Only resident pages are read (a header page is always resident unless swapped), which
 * also keeps the scan from faulting pages in. Several chunks may share one VMA (the kernel merges neighbours).
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

    Result scan(ChunkTally tally) {
        Result out = new Result();
        long page = image.residency().pageSizeBytes();
        for (Mapping m : image.mappings()) {
            if (!m.path().isEmpty() || m.inode() != 0 || !m.readable() || !m.writable() || m.shared()) {
                continue;
            }
            Optional<BitSet> resident;
            try {
                resident = image.residency().residentPages(m.start(), m.end());
            } catch (UnreadableMemoryException e) {
                // the mapping went away or pagemap refused it: nothing of it can be scanned safely
                continue;
            }
            long p = m.start();
            while (p + 16 <= m.end()) {
                int pi = (int) ((p - m.start()) / page);
                if (resident.isPresent() && !resident.get().get(pi) || inThreadHeap(p)) {
                    p += page;
                    continue;
                }
                long size = header(p, m.end());
                if (size == 0) {
                    p += page;
                    continue;
                }
                tally.add(ChunkKind.MMAPPED, size);
                out.count++;
                out.bytes += size;
                int pages = (int) (size / page);
                out.residentBytes += resident.map(b -> (long) b.get(pi, pi + pages).cardinality() * page)
                        .orElse(0L);
                p += size;
            }
        }
        return out;
    }

    private boolean inThreadHeap(long p) {
        HeapRegion r = regions.find(p & ~(Layout.HEAP_MAX - 1));
        return r != null && !r.mainArena;
    }

    /** The chunk size if an mmapped chunk header sits at {@code p}, else 0. */
    private long header(long p, long mappingEnd) {
        byte[] b;
        try {
            b = image.memory().read(p, 16);
        } catch (UnreadableMemoryException e) {
            return 0;
        }
        long prevSize = Bytes.i64(b, 0);
        long head = Bytes.i64(b, 8);
        long size = head & ~Layout.FLAG_MASK;
        boolean ok = prevSize == 0 && (head & 0xfff) == Layout.IS_MMAPPED && size >= 4096 && p + size <= mappingEnd;
        return ok ? size : 0;
    }

}
