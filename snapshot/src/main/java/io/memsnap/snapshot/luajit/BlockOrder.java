// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.Arrays;

/**
 * Orders addresses by the 64 KiB block they fall in (a counting sort: linear time), which is all a walk needs to
 * read each block once. Falls back to a full sort when the addresses span too many blocks for the counters.
 */
final class BlockOrder {
    private static final int MAX_BUCKETS = 1 << 22;

    private BlockOrder() {}

    /** Reorders {@code a[0..n)} so that addresses of the same block are adjacent and blocks ascend. */
    static void sort(long[] a, int n) {
        if (n < 2) {
            return;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, a[i]);
            max = Math.max(max, a[i]);
        }
        long span = ((max - min) >>> 16) + 1;
        if (span > MAX_BUCKETS || span <= 0) {
            Arrays.sort(a, 0, n);
            return;
        }
        int[] start = new int[(int) span + 1];
        for (int i = 0; i < n; i++) {
            start[(int) ((a[i] - min) >>> 16) + 1]++;
        }
        for (int b = 1; b <= span; b++) {
            start[b] += start[b - 1];
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[start[(int) ((a[i] - min) >>> 16)]++] = a[i];
        }
        System.arraycopy(out, 0, a, 0, n);
    }
}
