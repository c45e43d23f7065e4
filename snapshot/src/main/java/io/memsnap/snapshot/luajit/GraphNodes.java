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
            int n = count + (count >> 1);
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
     * The objects sorted by address, each once (a torn list can visit one twice); this collector's own arrays are
     * released.
     */
    Table sorted() {
        long[] a = Arrays.copyOf(addresses, count);
        Arrays.sort(a);
        int unique = 0;
        for (int i = 0; i < a.length; i++) {
            if (unique == 0 || a[i] != a[unique - 1]) {
                a[unique++] = a[i];
            }
        }
        a = unique == a.length ? a : Arrays.copyOf(a, unique);
        byte[] t = new byte[unique];
        int[] s = new int[unique];
        for (int i = 0; i < count; i++) {
            int j = Arrays.binarySearch(a, addresses[i]);
            t[j] = types[i];
            s[j] = sizes[i];
        }
        addresses = null;
        types = null;
        sizes = null;
        return new Table(a, t, s, count - unique);
    }

    /** Objects sorted by address in parallel arrays, and how many repeated visits were dropped. */
    record Table(long[] addresses, byte[] types, int[] sizes, int repeats) {}
}
