// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.Arrays;

/**
 * The objects the GC walk visits, in visit order: address, type and bytes in three growing primitive arrays (no
 * object per GC object). {@link #sorted} turns them into the node table of an {@link ObjectGraph}. Confined to
 * one thread.
 */
final class GraphNodes {
    private long[] addresses = new long[4096];
    private byte[] types = new byte[4096];
    private int[] sizes = new int[4096];
    private int count;
    private boolean clamped;

    /** Records one visited object of type {@code gct} charged {@code bytes}. */
    void add(long address, int gct, long bytes) {
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

    int count() {
        return count;
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
        sort(0, count - 1);
        int unique = 0;
        for (int i = 0; i < count; i++) {
            if (unique == 0 || addresses[i] != addresses[unique - 1]) {
                addresses[unique] = addresses[i];
                types[unique] = types[i];
                sizes[unique++] = sizes[i];
            }
        }
        Table t = new Table(addresses, types, sizes, unique, count - unique);
        addresses = null;
        types = null;
        sizes = null;
        return t;
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
     * how many repeated visits were dropped.
     */
    record Table(long[] addresses, byte[] types, int[] sizes, int count, int repeats) {}
}
