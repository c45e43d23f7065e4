// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.target.ProcessImage;
import java.util.BitSet;
import java.util.Optional;

/**
 * Finds chunks glibc mmapped directly by scanning the page starts of private anonymous mappings (outside the arena
 * heaps) for their header: prev_size 0 and a size field that is a multiple of 4096 with only IS_MMAPPED set,
 * fitting in the mapping. Only resident pages are read (a header page is always resident unless swapped), which
 * also keeps the scan from faulting pages in. Several chunks may share one VMA (the kernel merges neighbours).
 */
final class MmapScanner {
    /** Page heads read per scatter read: bounds the buffers for huge mappings. */
    private static final long BATCH_PAGES = 65536;
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
            long pages = m.sizeBytes() / page;
            long p = m.start();
            for (long first = 0; first < pages; first += BATCH_PAGES) {
                long batchEnd = m.start() + Math.min(pages, first + BATCH_PAGES) * page;
                if (p >= batchEnd) {
                    continue; // inside a chunk found earlier
                }
                Heads heads = heads(m, resident, first, Math.min(pages, first + BATCH_PAGES), page);
                while (p + 16 <= m.end() && p < batchEnd) {
                    int pi = (int) ((p - m.start()) / page);
                    if (resident.isPresent() && !resident.get().get(pi) || inThreadHeap(p)) {
                        p += page;
                        continue;
                    }
                    long size = heads.size(p, m.end());
                    if (size == 0) {
                        p += page;
                        continue;
                    }
                    tally.add(ChunkKind.MMAPPED, size);
                    out.count++;
                    out.bytes += size;
                    int chunkPages = (int) (size / page);
                    out.residentBytes += resident.map(b -> (long) b.get(pi, pi + chunkPages).cardinality() * page)
                            .orElse(0L);
                    p += size;
                }
            }
        }
        return out;
    }

    /**
     * The first 16 bytes of the pages {@code [first, last)} of {@code m} that the scan may look at (resident, not in
     * a thread heap), in one scatter read.
     */
    private Heads heads(Mapping m, Optional<BitSet> resident, long first, long last, long page) {
        long[] starts = new long[(int) (last - first)];
        int count = 0;
        for (long i = first; i < last; i++) {
            long p = m.start() + i * page;
            if ((resident.isEmpty() || resident.get().get((int) i)) && !inThreadHeap(p) && p + 16 <= m.end()) {
                starts[count++] = p;
            }
        }
        byte[] data = new byte[16 * count];
        BitSet failed = image.memory().readEach(starts, count, 16, data);
        return new Heads(starts, count, data, failed);
    }

    /** Page heads read in bulk; a page not among them (a chunk's end need not be in the batch) is read alone. */
    private final class Heads {
        private final long[] starts;
        private final int count;
        private final byte[] data;
        private final BitSet failed;
        /** The scan asks in ascending order: the search starts where the last one ended. */
        private int cursor;

        Heads(long[] starts, int count, byte[] data, BitSet failed) {
            this.starts = starts;
            this.count = count;
            this.data = data;
            this.failed = failed;
        }

        long size(long p, long mappingEnd) {
            while (cursor < count && starts[cursor] < p) {
                cursor++;
            }
            int k = cursor;
            if (k == count || starts[k] != p) {
                return header(p, mappingEnd);
            }
            return failed.get(k) ? 0 : sizeOf(p, Bytes.i64(data, 16 * k), Bytes.i64(data, 16 * k + 8), mappingEnd);
        }
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
        return sizeOf(p, Bytes.i64(b, 0), Bytes.i64(b, 8), mappingEnd);
    }

    private static long sizeOf(long p, long prevSize, long head, long mappingEnd) {
        long size = head & ~Layout.FLAG_MASK;
        boolean ok = prevSize == 0 && (head & 0xfff) == Layout.IS_MMAPPED && size >= 4096 && p + size <= mappingEnd;
        return ok ? size : 0;
    }

}
