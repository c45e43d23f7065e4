// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

/** Sorts two parallel arrays (chunk addresses and sizes) by address, in place: heap sort, O(n log n), no boxing. */
final class ChunkSort {
    private ChunkSort() {}

    static void sort(long[] keys, long[] values, int count) {
        for (int i = count / 2 - 1; i >= 0; i--) {
            siftDown(keys, values, i, count);
        }
        for (int end = count - 1; end > 0; end--) {
            swap(keys, values, 0, end);
            siftDown(keys, values, 0, end);
        }
    }

    private static void siftDown(long[] keys, long[] values, int i, int n) {
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                return;
            }
            if (child + 1 < n && Long.compareUnsigned(keys[child + 1], keys[child]) > 0) {
                child++;
            }
            if (Long.compareUnsigned(keys[i], keys[child]) >= 0) {
                return;
            }
            swap(keys, values, i, child);
            i = child;
        }
    }

    private static void swap(long[] keys, long[] values, int a, int b) {
        long k = keys[a];
        keys[a] = keys[b];
        keys[b] = k;
        long v = values[a];
        values[a] = values[b];
        values[b] = v;
    }
}
