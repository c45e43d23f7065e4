// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.Arrays;

/**
 * Finds an address among sorted object addresses faster than a binary search over all of them: an open-addressing
 * hash from each 4 KiB page to the range of objects that start on it, then a binary search inside that range (a
 * few dozen entries, one or two cache lines instead of a dozen misses across the whole array). Kept beside
 * {@code memory.AddressIndex} (one binary search over ranges, the right tool for a few thousand mappings) because
 * it is measured faster for millions of objects: on the 5.5 M-object bench heap, looking up every object once in a
 * scattered order took 1.90 s of CPU against 3.09 s for one binary search over all addresses (LuaJitBench,
 * bench/results/luajit-graph.md). Immutable.
 */
final class PageIndex {
    private static final int SHIFT = 12;
    private final long[] keys;
    private final int[] first;
    private final int[] end;
    private final int mask;

    /** Indexes {@code addresses[0 .. count)}, which must be sorted ascending. */
    PageIndex(long[] addresses, int count) {
        int pages = 0;
        for (int i = 0; i < count; i++) {
            pages += i == 0 || addresses[i] >>> SHIFT != addresses[i - 1] >>> SHIFT ? 1 : 0;
        }
        int size = Integer.highestOneBit(Math.max(4, pages * 2 - 1)) << 1;
        keys = new long[size];
        first = new int[size];
        end = new int[size];
        mask = size - 1;
        Arrays.fill(keys, -1L);
        int slot = -1;
        for (int i = 0; i < count; i++) {
            long page = addresses[i] >>> SHIFT;
            if (slot < 0 || keys[slot] != page) {
                slot = slot(page);
                keys[slot] = page;
                first[slot] = i;
            }
            end[slot] = i + 1;
        }
    }

    private int slot(long page) {
        int s = (int) ((page * 0x9E3779B97F4A7C15L) >>> 40) & mask;
        while (keys[s] != -1L && keys[s] != page) {
            s = (s + 1) & mask;
        }
        return s;
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
     * The objects starting on the page of {@code address}: {@code first << 32 | end}, or -1 if none. A caller
     * resolving many addresses keeps the last range and skips the hash while they stay on one page.
     */
    long range(long address) {
        int s = slot(address >>> SHIFT);
        return keys[s] == -1L ? -1 : (long) first[s] << 32 | end[s];
    }

    /** The page {@link #range} looks up for {@code address}. */
    static long page(long address) {
        return address >>> SHIFT;
    }
}
