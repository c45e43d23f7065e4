// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.snapshot.memory.AddressIndex;
import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.target.ProcessImage;
import io.memsnap.snapshot.walk.InUseChunks;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * The resident bytes of every pool: the bytes of its block chunks and large allocation chunks that lie in resident
 * pages ({@link ProcessImage#residency()}: pagemap, or what a frozen copy copied). A page shared by two chunks gives
 * each its own bytes, so no byte counts twice and the pools' sum stays within the resident pages of their mappings.
 * Fast for hundreds of thousands of pools: the chunks of all pools are sorted by address and merged into runs (chunks
 * at most {@link #GAP_BYTES} apart, within one mapping), and each run's residency is read once. A chunk claimed by two
 * pools (a torn list) counts for the first only. Confined to one thread.
 */
final class PoolResidency {
    /** Chunks this close are read in one run (a gap costs 8 bytes of pagemap per page; a read costs a syscall). */
    static final long GAP_BYTES = 256 << 10;

    private PoolResidency() {}

    /** A pool's resident bytes when some of its chunks lie where residency is unknown. */
    static final long UNKNOWN = -1;

    /**
     * Every pool's resident bytes, {@link #UNKNOWN} for a pool with a chunk where residency is unknown (the image does
     * not know, or its pagemap could not be read there: a warning says so), never 0 for it.
     */
    static long[] measure(PoolTable table, InUseChunks chunks, ProcessImage image, List<String> warnings) {
        int n = table.chunkCount();
        long[] keys = new long[n];
        for (int i = 0, k = 0; i < table.count(); i++) {
            for (; k < table.chunkStart(i + 1); k++) {
                keys[k] = (long) table.chunk(k) << 32 | i;
            }
        }
        Arrays.sort(keys);
        long[] out = new long[table.count()];
        Residency residency = image.residency();
        long page = residency.pageSizeBytes();
        AddressIndex<Mapping> mappings = AddressIndex.of(image.mappings(), Mapping::start, Mapping::end);
        long unreadable = 0;
        int k = 0;
        while (k < n) {
            int first = k;
            long start = chunks.address((int) (keys[k] >>> 32)) & -page;
            long limit = mappings.find(start).map(Mapping::end).orElse(Long.MAX_VALUE);
            long end = runEnd(chunks, keys[k]);
            for (k++; k < n; k++) {
                long next = chunks.address((int) (keys[k] >>> 32));
                long nextEnd = runEnd(chunks, keys[k]);
                if (next - end > GAP_BYTES || nextEnd > limit) {
                    break;
                }
                end = Math.max(end, nextEnd);
            }
            end = (end + page - 1) & -page;
            Optional<BitSet> bits;
            try {
                bits = residency.residentPages(start, end);
            } catch (UnreadableMemoryException e) {
                unreadable += k - first;
                bits = Optional.empty();
            }
            if (bits.isPresent()) {
                count(keys, first, k, chunks, bits.get(), start, page, out);
            } else {
                for (int j = first; j < k; j++) {
                    out[(int) keys[j]] = UNKNOWN;
                }
            }
        }
        if (unreadable > 0) {
            warnings.add("residency of " + unreadable + " pool chunks unreadable; their pools' resident bytes are "
                    + "unknown");
        }
        return out;
    }

    private static long runEnd(InUseChunks chunks, long key) {
        int c = (int) (key >>> 32);
        return chunks.address(c) + chunks.size(c);
    }

    /** Adds the resident bytes of chunks {@code keys[from..to)} (pages of {@code bits} from {@code start}). */
    private static void count(long[] keys, int from, int to, InUseChunks chunks, BitSet bits, long start, long page,
            long[] out) {
        for (int k = from; k < to; k++) {
            int c = (int) (keys[k] >>> 32);
            if (k > from && (int) (keys[k - 1] >>> 32) == c || out[(int) keys[k]] == UNKNOWN) {
                continue;
            }
            out[(int) keys[k]] += residentBytes(chunks.address(c), chunks.address(c) + chunks.size(c), bits, start,
                    page);
        }
    }

    /** Bytes of {@code [a, b)} in pages set in {@code bits} (page i of {@code bits} starts at {@code start + i * page}). */
    static long residentBytes(long a, long b, BitSet bits, long start, long page) {
        long sum = 0;
        int last = (int) ((b - 1 - start) / page);
        for (int i = bits.nextSetBit((int) ((a - start) / page)); i >= 0 && i <= last; i = bits.nextSetBit(i + 1)) {
            long p = start + i * page;
            sum += Math.min(b, p + page) - Math.max(a, p);
        }
        return sum;
    }
}
