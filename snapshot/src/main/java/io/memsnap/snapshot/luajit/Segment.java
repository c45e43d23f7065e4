// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.BitSet;

/**
 * One walked allocator segment: {@code [base, base + sizeBytes)}; bit i of {@code usedPages} is set when page i
 * holds any part of an in-use chunk; {@code freeRanges} holds start/end address pairs of the free chunks and of
 * the top chunk, in address order.
 */
record Segment(long base, long sizeBytes, BitSet usedPages, long[] freeRanges) {
    long end() {
        return base + sizeBytes;
    }
}
