// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.model.glibc.CommonSize;
import io.memsnap.snapshot.model.glibc.SizeClass;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming counts of chunks per kind and log2 size class (16 B .. 64 MiB+), plus exact sizes of chunks the program
 * holds (in use and mmapped). Memory stays constant in the number of chunks. Confined to one thread.
 */
final class ChunkTally {
    /** Classes [16,32), [32,64) ... [32 MiB, 64 MiB), [64 MiB, inf). */
    static final int CLASSES = 23;

    private static final int KINDS = ChunkKind.values().length;
    private final long[] counts = new long[KINDS * CLASSES];
    private final long[] bytes = new long[KINDS * CLASSES];
    private final SizeCounter exact;

    ChunkTally(int maxDistinctSizes) {
        this.exact = new SizeCounter(maxDistinctSizes);
    }

    static int classOf(long size) {
        int log = 63 - Long.numberOfLeadingZeros(Math.max(size, 16));
        return Math.min(log - 4, CLASSES - 1);
    }

    void add(ChunkKind kind, long size) {
        int i = kind.ordinal() * CLASSES + classOf(size);
        counts[i]++;
        bytes[i] += size;
        if (kind == ChunkKind.USED || kind == ChunkKind.MMAPPED) {
            exact.add(size, 1);
        }
    }

    /** Re-labels one chunk the walk counted as {@code from} (e.g. a tcache chunk that looked in use). */
    void move(ChunkKind from, ChunkKind to, long size) {
        int c = classOf(size);
        counts[from.ordinal() * CLASSES + c]--;
        bytes[from.ordinal() * CLASSES + c] -= size;
        if (from == ChunkKind.USED || from == ChunkKind.MMAPPED) {
            exact.add(size, -1);
        }
        add(to, size);
    }

    /** Adds everything {@code other} counted. */
    void addAll(ChunkTally other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
            bytes[i] += other.bytes[i];
        }
        exact.addAll(other.exact);
    }

    long count(ChunkKind kind) {
        long n = 0;
        for (int c = 0; c < CLASSES; c++) {
            n += counts[kind.ordinal() * CLASSES + c];
        }
        return n;
    }

    long bytes(ChunkKind kind) {
        long n = 0;
        for (int c = 0; c < CLASSES; c++) {
            n += bytes[kind.ordinal() * CLASSES + c];
        }
        return n;
    }

    /** True if distinct exact sizes were dropped because there were more than the limit. */
    boolean exactSizesTruncated() {
        return exact.truncated();
    }

    List<SizeClass> histogram() {
        List<SizeClass> out = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            long[] v = new long[2 * KINDS];
            boolean any = false;
            for (int k = 0; k < KINDS; k++) {
                v[2 * k] = counts[k * CLASSES + c];
                v[2 * k + 1] = bytes[k * CLASSES + c];
                any |= v[2 * k] != 0;
            }
            if (any) {
                long min = 16L << c;
                long max = c == CLASSES - 1 ? Long.MAX_VALUE : min << 1;
                out.add(new SizeClass(min, max, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]));
            }
        }
        return out;
    }

    List<CommonSize> commonSizes(int limit) {
        return exact.top(limit);
    }
}
