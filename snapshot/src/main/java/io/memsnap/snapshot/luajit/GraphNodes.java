// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * The objects the GC walk visits, in visit order: address, type and bytes in three growing primitive arrays (no
 * object per GC object). {@link #sorted} turns them into the node table of an {@link ObjectGraph}. Confined to
 * one thread.
 */
final class GraphNodes {
    /** Bytes an object takes in the arrays: address, type, size. */
    private static final int BYTES_EACH = 8 + 1 + 4;
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
    /** Asked before the arrays grow to hold the bytes given (old and new arrays); false drops them. */
    private final LongPredicate mayHold;

    /**
     * A collector that drops its arrays beyond {@link #limit} objects (a graph that would not fit anyway), or when
     * {@code mayHold} refuses the bytes a growth needs (it may wait until they are free: {@code HeapShare}).
     */
    GraphNodes(long limit, LongPredicate mayHold) {
        this.limit = limit;
        this.mayHold = mayHold;
    }

    /**
     * Records one visited object of type {@code gct} charged {@code bytes}. Past the limit the arrays are freed at
     * once and only counted: {@link RetentionAnalysis} then skips the graph with a warning, and a heap far bigger
     * than the JVM's does not run it out of memory in the GC walk.
     */
    void add(long address, int gct, long bytes) {
        if (count >= limit || addresses == null
                || count == addresses.length && !mayHold.test((count + (count >> 2) + (long) count) * BYTES_EACH)) {
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
        PageIndex index = count > 1 ? bucketSort() : null;
        int unique = 0;
        for (int i = 0; i < count; i++) {
            if (unique == 0 || addresses[i] != addresses[unique - 1]) {
                addresses[unique] = addresses[i];
                types[unique] = types[i];
                sizes[unique++] = sizes[i];
            }
        }
        // the sort's buckets index the table, unless dropping repeats moved objects
        index = index != null && unique == count ? index : new PageIndex(addresses, unique);
        Table t = new Table(addresses, types, sizes, unique, count - unique, Arrays.copyOf(fixed, fixedCount), index);
        addresses = null;
        types = null;
        sizes = null;
        return t;
    }

    /**
     * Sorts by one counting pass over {@link AddressBuckets} (a few objects a bucket), a scatter of the three arrays
     * into bucket order, and a sort inside each bucket; returns the index of the sorted objects that the buckets
     * give for free. Profiled on the 5.5 M-object bench, a quicksort of three parallel arrays took longer than the
     * GC walk itself; then a radix sort of packed keys; this takes 134-148 ms of CPU there and holds 17 bytes an
     * object besides the visit-order arrays (the sorted arrays 13, buckets 4), where the radix sort held 21 (keys 8,
     * buffer 8, types and sizes 5; bench/results/luajit-graph.md).
     */
    private PageIndex bucketSort() {
        AddressBuckets buckets = AddressBuckets.of(addresses, count);
        int[] at = new int[buckets.count() + 1];
        for (int i = 0; i < count; i++) {
            at[buckets.of(addresses[i]) + 1]++;
        }
        for (int k = 0; k < buckets.count(); k++) {
            at[k + 1] += at[k];
        }
        // exactly count entries: the growing arrays' spare quarter is freed for the graph
        long[] a = new long[count];
        byte[] t = new byte[count];
        int[] z = new int[count];
        for (int i = 0; i < count; i++) {
            int to = at[buckets.of(addresses[i])]++;
            a[to] = addresses[i];
            t[to] = types[i];
            z[to] = sizes[i];
        }
        addresses = a;
        types = t;
        sizes = z;
        // at[k] is now the end of bucket k; stable scatter, so a repeated visit stays after the first
        for (int k = 0, from = 0; k < buckets.count(); from = at[k++]) {
            if (at[k] - from > 1) {
                sort(from, at[k] - 1);
            }
        }
        // bucket k ends at at[k]: shifted by one, these are the starts the index needs
        System.arraycopy(at, 0, at, 1, buckets.count());
        at[0] = 0;
        return new PageIndex(buckets, at);
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
     * how many repeated visits were dropped, the addresses of the strings marked FIXED, and the index that finds an
     * address among them.
     */
    record Table(long[] addresses, byte[] types, int[] sizes, int count, int repeats, long[] fixedStrings,
            PageIndex index) {}
}
