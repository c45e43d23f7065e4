// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.Arrays;

/** A growable list of [start, end) address pairs in primitive storage (millions of free chunks stay cheap). */
final class RangeList {
    private long[] data = new long[64];
    private int size;

    void add(long start, long end) {
        if (size + 2 > data.length) {
            data = Arrays.copyOf(data, data.length * 2);
        }
        data[size++] = start;
        data[size++] = end;
    }

    /** Pairs: start at even, end at odd indexes. */
    long[] toArray() {
        return Arrays.copyOf(data, size);
    }
}
