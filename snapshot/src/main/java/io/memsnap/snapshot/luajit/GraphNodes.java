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
     * The objects sorted by address, each once (a torn list can visit one twice; the first visit stays). The three
     * arrays are sorted in place ({@link #radixSort}, or a quicksort if the keys do not fit); this collector must not
     * be used afterwards.
     */
    Table sorted() {
        if (!radixSort()) {
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
        Table t = new Table(addresses, types, sizes, unique, count - unique);
        addresses = null;
        types = null;
        sizes = null;
        return t;
    }

    /**
     * Sorts by address with a stable least-significant-digit radix sort of compact keys, written over the addresses:
     * the rank of an address's high 32 bits among the distinct ones (objects lie in a few mappings), then its low 32
     * bits without their common trailing zero bits. Types and sizes move with their key in each pass (temporary
     * arrays of the same size: 13 bytes per object, less than the graph built next holds); equal addresses keep
     * their visit order. Measured on the 4.7 M objects of the churn workload (C1, bench/results/capture-speed.md):
     * a fraction of the quicksort's CPU. Returns false, touching nothing, if the objects lie in more than 1024
     * distinct 4 GiB windows.
     */
    private boolean radixSort() {
        long bits = 0;
        for (int i = 0; i < count; i++) {
            bits |= addresses[i];
        }
        long[] highs = bits < 0 ? new long[0] : distinctHighs(); // a negative "address" would sort differently
        if (count < 2 || highs.length == 0) {
            return false;
        }
        int shift = Math.min(Long.numberOfTrailingZeros(bits), 31);
        int lowBits = 32 - shift;
        int rankBits = 32 - Integer.numberOfLeadingZeros(highs.length - 1);
        int rank = 0;
        for (int i = 0; i < count; i++) {
            long high = addresses[i] >>> 32;
            if (highs[rank] != high) {
                rank = Arrays.binarySearch(highs, high);
            }
            addresses[i] = (long) rank << lowBits | (addresses[i] & 0xffff_ffffL) >>> shift;
        }
        radixPasses(lowBits + rankBits);
        long lowMask = (1L << lowBits) - 1;
        for (int i = 0; i < count; i++) {
            long key = addresses[i];
            addresses[i] = highs[(int) (key >>> lowBits)] << 32 | (key & lowMask) << shift;
        }
        return true;
    }

    /** The distinct high 32 bits of the addresses, ascending; empty if there are more than 1024. */
    private long[] distinctHighs() {
        long[] highs = new long[8];
        int n = 0;
        long last = -1;
        for (int i = 0; i < count; i++) {
            long high = addresses[i] >>> 32;
            if (high == last) {
                continue;
            }
            last = high;
            int at = Arrays.binarySearch(highs, 0, n, high);
            if (at >= 0) {
                continue;
            }
            if (n == 1024) {
                return new long[0];
            }
            if (n == highs.length) {
                highs = Arrays.copyOf(highs, n * 2);
            }
            at = -at - 1;
            System.arraycopy(highs, at, highs, at + 1, n - at);
            highs[at] = high;
            n++;
        }
        return Arrays.copyOf(highs, n);
    }

    /** Stable LSD passes of up to 11 bits over the low {@code bits} of the keys, moving types and sizes along. */
    private void radixPasses(int bits) {
        long[] a = addresses;
        byte[] t = types;
        int[] z = sizes;
        long[] a2 = new long[count];
        byte[] t2 = new byte[count];
        int[] z2 = new int[count];
        int[] bucket = new int[1 << 11];
        for (int sh = 0; sh < bits; sh += 11) {
            int mask = (1 << Math.min(11, bits - sh)) - 1;
            Arrays.fill(bucket, 0);
            for (int i = 0; i < count; i++) {
                bucket[(int) (a[i] >>> sh) & mask]++;
            }
            int sum = 0;
            for (int k = 0; k <= mask; k++) {
                int c = bucket[k];
                bucket[k] = sum;
                sum += c;
            }
            for (int i = 0; i < count; i++) {
                int to = bucket[(int) (a[i] >>> sh) & mask]++;
                a2[to] = a[i];
                t2[to] = t[i];
                z2[to] = z[i];
            }
            long[] sa = a;
            a = a2;
            a2 = sa;
            byte[] st = t;
            t = t2;
            t2 = st;
            int[] sz = z;
            z = z2;
            z2 = sz;
        }
        // the sorted arrays are exactly count long; the originals may have room to spare, which the table ignores
        addresses = a;
        types = t;
        sizes = z;
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
