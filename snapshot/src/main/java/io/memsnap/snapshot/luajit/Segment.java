// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.BitSet;

/**
 * One walked allocator segment: {@code [base, base + sizeBytes)}; bit i of {@code usedPages} is set when page i
 * holds any part of an in-use chunk.
 */
record Segment(long base, long sizeBytes, BitSet usedPages) {
    long end() {
        return base + sizeBytes;
    }
}
