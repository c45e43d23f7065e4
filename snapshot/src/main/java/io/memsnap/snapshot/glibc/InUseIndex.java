// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.walk.InUseChunks;
import java.util.Arrays;

/**
 * Collects the chunks a walk finds in use (heap chunks and mmapped chunks) and the ones later re-labelled as tcache or
 * fastbin entries, and builds the sorted {@link InUseChunks} the glibc walker publishes. One index per walk, built
 * only when a later walker demands it: 16 bytes per chunk, growing by half (no second copy of the chunks is ever
 * made; the build compacts in place and sorts only when the walks did not add in address order). Confined to one
 * thread.
 */
final class InUseIndex {
    private long[] addresses = new long[1024];
    private long[] sizes = new long[1024];
    private int count;
    private long[] dropped = new long[64];
    private int droppedCount;

    void add(long chunk, long size) {
        if (count == addresses.length) {
            int n = (int) Math.min(Integer.MAX_VALUE - 8L, count + (count >> 1));
            if (n == count) {
                throw new IllegalStateException("more than " + count + " in-use chunks to index");
            }
            addresses = Arrays.copyOf(addresses, n);
            sizes = Arrays.copyOf(sizes, n);
        }
        addresses[count] = chunk;
        sizes[count++] = size;
    }

    /** Marks {@code chunk}, added as in use, as free after all (a tcache or fastbin entry). */
    void drop(long chunk) {
        if (droppedCount == dropped.length) {
            dropped = Arrays.copyOf(dropped, droppedCount * 2);
        }
        dropped[droppedCount++] = chunk;
    }

    /** The chunks added and not dropped, sorted by address, duplicates removed; the index is used up. */
    InUseChunks build() {
        if (!ascending()) {
            ChunkSort.sort(addresses, sizes, count);
        }
        long[] gone = Arrays.copyOf(dropped, droppedCount);
        Arrays.sort(gone);
        int n = 0;
        for (int i = 0; i < count; i++) {
            boolean duplicate = n > 0 && addresses[n - 1] == addresses[i];
            if (!duplicate && Arrays.binarySearch(gone, addresses[i]) < 0) {
                addresses[n] = addresses[i];
                sizes[n++] = sizes[i];
            }
        }
        return new InUseChunks(addresses, sizes, n);
    }

    private boolean ascending() {
        for (int i = 1; i < count; i++) {
            if (Long.compareUnsigned(addresses[i - 1], addresses[i]) > 0) {
                return false;
            }
        }
        return true;
    }
}
