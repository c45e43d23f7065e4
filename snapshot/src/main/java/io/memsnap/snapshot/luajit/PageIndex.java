// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.Arrays;

/**
 * Finds an address among sorted object addresses faster than a binary search over all of them: the objects that
 * start in each {@link AddressBuckets} bucket (a few on average) are found by an array index, then a binary search
 * inside that range. Kept beside {@code memory.AddressIndex} (one binary search over ranges, the right tool for a
 * few thousand mappings) because it is measured faster for millions of objects (LuaJitBench, which looks up every
 * object of the 5.5 M-object bench heap once in a scattered order both ways; bench/results/luajit-graph.md). An
 * earlier version hashed 4 KiB pages (open addressing); the dense buckets need no probe and no key compare.
 * Confined to one thread.
 */
final class PageIndex {
    private final AddressBuckets buckets;
    /** The objects in bucket {@code k} are {@code [start[k], start[k + 1])}. */
    private final int[] start;

    /** The index of sorted addresses whose bucket {@code k} holds {@code [start[k], start[k + 1])} (not copied). */
    PageIndex(AddressBuckets buckets, int[] start) {
        this.buckets = buckets;
        this.start = start;
    }

    /** Indexes {@code addresses[0 .. count)}, which must be sorted ascending. */
    PageIndex(long[] addresses, int count) {
        buckets = AddressBuckets.of(addresses, count);
        int m = buckets.count();
        start = new int[m + 1];
        // counts per bucket, then running sums: addresses are sorted, so bucket numbers ascend with them
        for (int i = 0; i < count; i++) {
            start[buckets.of(addresses[i]) + 1]++;
        }
        for (int k = 0; k < m; k++) {
            start[k + 1] += start[k];
        }
    }

    /** The index of {@code address} in the indexed array, or -1. */
    int indexOf(long[] addresses, long address) {
        long range = range(address);
        if (range < 0) {
            return -1;
        }
        int i = Arrays.binarySearch(addresses, (int) (range >>> 32), (int) range, address);
        return i >= 0 ? i : -1;
    }

    /**
     * The objects in the bucket of {@code address}: {@code first << 32 | end}, or -1 if none. A caller resolving
     * many addresses keeps the last range and skips this while {@code address >>> shift()} stays the same.
     */
    long range(long address) {
        int k = buckets.of(address);
        return k < 0 || start[k] == start[k + 1] ? -1 : (long) start[k] << 32 | start[k + 1];
    }

    /** Addresses equal in the bits above this share one {@link #range}. */
    int shift() {
        return buckets.shift();
    }
}
