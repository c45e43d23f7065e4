// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.Arrays;

/**
 * The objects the GC walk visits, in visit order: address, type and bytes in three growing primitive arrays (no
 * object per GC object). {@link #sorted} turns them into the node table of an {@link ObjectGraph}. Confined to
 * one thread.
 */
final class GraphNodes {
    /** An 8-aligned offset inside a 4 GiB region, in 8-byte units. */
    private static final int REGION_OFFSET_BITS = 29;
    private long[] addresses = new long[4096];
    private byte[] types = new byte[4096];
    private int[] sizes = new int[4096];
    private int count;
    private boolean clamped;
    /** Strings marked FIXED (never freed; reserved words), seen by the walk: roots of the graph. */
    private long[] fixed = new long[64];
    private int fixedCount;

    /** Objects recorded at most: beyond it only {@link #count} grows and the arrays are dropped. */
    private final long limit;

    /** A collector that drops its arrays beyond {@link #limit} objects (a graph that would not fit anyway). */
    GraphNodes(long limit) {
        this.limit = limit;
    }

    /** A collector without a limit (tests). */
    GraphNodes() {
        this(Integer.MAX_VALUE - 16);
    }

    /**
     * Records one visited object of type {@code gct} charged {@code bytes}. Past the limit the arrays are freed at
     * once and only counted: {@link RetentionAnalysis} then skips the graph with a warning, and a heap far bigger
     * than the JVM's does not run it out of memory in the GC walk.
     */
    void add(long address, int gct, long bytes) {
        if (count >= limit || addresses == null) {
            addresses = null;
            types = null;
            sizes = null;
            count++;
            return;
        }
        if (count == addresses.length) {
            int n = count + (count >> 2);
            addresses = Arrays.copyOf(addresses, n);
            types = Arrays.copyOf(types, n);
            sizes = Arrays.copyOf(sizes, n);
        }
        addresses[count] = address;
        types[count] = (byte) gct;
        clamped |= bytes > Integer.MAX_VALUE;
        sizes[count++] = (int) Math.min(bytes, Integer.MAX_VALUE);
    }

    /** Objects added (also those past the limit, which are not kept). */
    int count() {
        return count;
    }

    /** False if objects past the limit were dropped: there is no node table. */
    boolean kept() {
        return addresses != null;
    }

    /** Records that the string at {@code address} is marked FIXED (read by the walk, which reads its header). */
    void fixedString(long address) {
        if (fixedCount == fixed.length) {
            fixed = Arrays.copyOf(fixed, fixedCount * 2);
        }
        fixed[fixedCount++] = address;
    }

    /** True if some object was larger than 2 GiB and is counted as 2 GiB. */
    boolean clamped() {
        return clamped;
    }

    /**
     * The objects sorted by address, each once (a torn list can visit one twice). Sorted in place, so no second
     * copy of the three arrays exists at any time; this collector must not be used afterwards.
     */
    Table sorted() {
        if (!sortPacked()) {
            sort(0, count - 1);
        }
        int unique = 0;
        for (int i = 0; i < count; i++) {
            if (unique == 0 || addresses[i] != addresses[unique - 1]) {
                addresses[unique] = addresses[i];
                types[unique] = types[i];
                sizes[unique++] = sizes[i];
            }
        }
        Table t = new Table(addresses, types, sizes, unique, count - unique, Arrays.copyOf(fixed, fixedCount));
        addresses = null;
        types = null;
        sizes = null;
        return t;
    }

    /**
     * Sorts by one primitive sort of packed keys, when they fit: each 8-aligned address becomes the rank of its
     * 4 GiB region among the regions in use (LuaJIT's allocator spreads its mmaps over the whole 47-bit space, but
     * few regions), then its offset in the region in 8-byte units (29 bits), then its visit index in the low bits.
     * The keys are radix-sorted on their region and offset bits ({@link #radixSort}), types and sizes permuted by
     * the index, and the addresses decoded. Profiled on the 5.5 M-object bench, this replaces a quicksort of three
     * parallel arrays that took longer than the GC walk itself. False (nothing changed) if the keys do not fit.
     */
    private boolean sortPacked() {
        if (count < 2) {
            return false;
        }
        int indexBits = 32 - Integer.numberOfLeadingZeros(count - 1);
        int rankBits = 63 - REGION_OFFSET_BITS - indexBits;
        long[] regions = new long[16];
        int used = 0;
        long last = -1;
        for (int i = 0; i < count; i++) {
            long a = addresses[i];
            if ((a & 7) != 0 || a < 0 || rankBits <= 0) {
                return false;
            }
            if (a >>> 32 != last) {
                last = a >>> 32;
                int at = Arrays.binarySearch(regions, 0, used, last);
                if (at < 0) {
                    if (used == 1 << rankBits) {
                        return false;
                    }
                    regions = used == regions.length ? Arrays.copyOf(regions, used * 2) : regions;
                    System.arraycopy(regions, -at - 1, regions, -at, used - (-at - 1));
                    regions[-at - 1] = last;
                    used++;
                }
            }
        }
        last = -1;
        long rank = 0;
        // the keys in an array of exactly count entries: the growing array's spare quarter is freed for the graph
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            long a = addresses[i];
            if (a >>> 32 != last) {
                last = a >>> 32;
                rank = Arrays.binarySearch(regions, 0, used, last);
            }
            keys[i] = ((rank << REGION_OFFSET_BITS | (a & 0xffffffffL) >>> 3) << indexBits) | i;
        }
        addresses = radixSort(keys, indexBits, indexBits + REGION_OFFSET_BITS + bitsFor(used));
        long mask = (1L << indexBits) - 1;
        byte[] t = new byte[count];
        int[] z = new int[count];
        for (int k = 0; k < count; k++) {
            long key = addresses[k];
            int from = (int) (key & mask);
            t[k] = types[from];
            z[k] = sizes[from];
            long offset = key >>> indexBits;
            addresses[k] = regions[(int) (offset >>> REGION_OFFSET_BITS)] << 32
                    | (offset & ((1L << REGION_OFFSET_BITS) - 1)) << 3;
        }
        types = t;
        sizes = z;
        return true;
    }

    private static int bitsFor(int values) {
        return values <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(values - 1);
    }

    /**
     * Least-significant-digit radix sort of {@code keys} by bits {@code [from, to)}, 16 bits a pass (two passes for
     * a heap in one or a few 4 GiB regions). Stable, so keys equal in those bits (one address visited twice) keep
     * their visit order, which the index bits below {@code from} hold anyway. Returns the sorted array: {@code keys}
     * or a buffer of the same length.
     */
    private static long[] radixSort(long[] keys, int from, int to) {
        long[] src = keys;
        long[] dst = new long[keys.length];
        for (int lo = from; lo < to; lo += 16) {
            int width = Math.min(16, to - lo);
            int mask = (1 << width) - 1;
            int[] at = new int[mask + 2];
            for (long k : src) {
                at[(int) (k >>> lo & mask) + 1]++;
            }
            for (int d = 0; d <= mask; d++) {
                at[d + 1] += at[d];
            }
            for (long k : src) {
                dst[at[(int) (k >>> lo & mask)]++] = k;
            }
            long[] t = src;
            src = dst;
            dst = t;
        }
        return src;
    }

    /** Quicksort of {@code [lo, hi]} by address, moving types and sizes along; recursion on the smaller side. */
    private void sort(int lo, int hi) {
        while (hi - lo > 16) {
            int mid = (lo + hi) >>> 1;
            long pivot = median(addresses[lo], addresses[mid], addresses[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (addresses[i] < pivot) {
                    i++;
                }
                while (addresses[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(i++, j--);
                }
            }
            if (j - lo < hi - i) {
                sort(lo, j);
                lo = i;
            } else {
                sort(i, hi);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            for (int j = i; j > lo && addresses[j - 1] > addresses[j]; j--) {
                swap(j - 1, j);
            }
        }
    }

    private static long median(long a, long b, long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private void swap(int i, int j) {
        long a = addresses[i];
        addresses[i] = addresses[j];
        addresses[j] = a;
        byte t = types[i];
        types[i] = types[j];
        types[j] = t;
        int z = sizes[i];
        sizes[i] = sizes[j];
        sizes[j] = z;
    }

    /**
     * Objects sorted by address in the first {@code count} entries of parallel arrays (which may be longer), and
     * how many repeated visits were dropped, and the addresses of the strings marked FIXED.
     */
    record Table(long[] addresses, byte[] types, int[] sizes, int count, int repeats, long[] fixedStrings) {}
}
