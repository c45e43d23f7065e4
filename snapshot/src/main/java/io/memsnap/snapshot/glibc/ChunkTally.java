// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.model.glibc.CommonSize;
import io.memsnap.snapshot.model.glibc.SizeClass;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming counts of chunks per kind and log2 size class (16 B .. 64 MiB+), plus exact sizes of chunks the program
 * holds (in use and mmapped). A chunk below 64 KiB (nearly all of a heap walk) costs one array increment: it is
 * counted by kind and exact size, and its size class, bytes and common-size entry are derived from those counts when
 * asked. Larger chunks are counted per class and hashed by exact size ({@link SizeCounter}). Memory stays constant
 * in the number of chunks (32 KiB per kind met). Confined to one thread.
 */
final class ChunkTally {
    /** Classes [16,32), [32,64) ... [32 MiB, 64 MiB), [64 MiB, inf). */
    static final int CLASSES = 23;
    /** Sizes below this (multiples of 16) are counted by exact size in {@link #bySize}. */
    static final long SMALL_LIMIT = 64 << 10;

    private static final int KINDS = ChunkKind.values().length;
    /** Per kind (lazily): counts of chunks of size 16 * i, for sizes below {@link #SMALL_LIMIT}. */
    private final long[][] bySize = new long[KINDS][];
    /** Per kind and class: counts and bytes of the other chunks. */
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

    private static boolean small(long size) {
        return size < SMALL_LIMIT && size >= 0 && (size & 0xf) == 0;
    }

    /**
     * The counts by size of {@code kind}: entry {@code i} counts chunks of {@code 16 * i} bytes. The heap walk's
     * hot loop increments it directly; only sizes below {@link #SMALL_LIMIT} that are multiples of 16 go there.
     */
    long[] bySize(ChunkKind kind) {
        long[] a = bySize[kind.ordinal()];
        if (a == null) {
            a = new long[(int) (SMALL_LIMIT >>> 4)];
            bySize[kind.ordinal()] = a;
        }
        return a;
    }

    void add(ChunkKind kind, long size) {
        add(kind, size, 1);
    }

    private void add(ChunkKind kind, long size, int sign) {
        if (small(size)) {
            bySize(kind)[(int) (size >>> 4)] += sign;
            return;
        }
        int i = kind.ordinal() * CLASSES + classOf(size);
        counts[i] += sign;
        bytes[i] += sign * size;
        if (kind == ChunkKind.USED || kind == ChunkKind.MMAPPED) {
            exact.add(size, sign);
        }
    }

    /** Re-labels one chunk the walk counted as {@code from} (e.g. a tcache chunk that looked in use). */
    void move(ChunkKind from, ChunkKind to, long size) {
        add(from, size, -1);
        add(to, size, 1);
    }

    /** Adds everything {@code other} counted. */
    void addAll(ChunkTally other) {
        for (int k = 0; k < KINDS; k++) {
            if (other.bySize[k] != null) {
                long[] mine = bySize(ChunkKind.values()[k]);
                for (int i = 0; i < mine.length; i++) {
                    mine[i] += other.bySize[k][i];
                }
            }
        }
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
        long[] s = bySize[kind.ordinal()];
        for (int i = 0; s != null && i < s.length; i++) {
            n += s[i];
        }
        return n;
    }

    long bytes(ChunkKind kind) {
        long n = 0;
        for (int c = 0; c < CLASSES; c++) {
            n += bytes[kind.ordinal() * CLASSES + c];
        }
        long[] s = bySize[kind.ordinal()];
        for (int i = 0; s != null && i < s.length; i++) {
            n += 16L * i * s[i];
        }
        return n;
    }

    /** True if distinct exact sizes were dropped because there were more than the limit. */
    boolean exactSizesTruncated() {
        return exact.truncated();
    }

    List<SizeClass> histogram() {
        long[] c = counts.clone();
        long[] b = bytes.clone();
        for (int k = 0; k < KINDS; k++) {
            long[] s = bySize[k];
            for (int i = 0; s != null && i < s.length; i++) {
                int at = k * CLASSES + classOf(16L * i);
                c[at] += s[i];
                b[at] += 16L * i * s[i];
            }
        }
        List<SizeClass> out = new ArrayList<>();
        for (int cl = 0; cl < CLASSES; cl++) {
            long[] v = new long[2 * KINDS];
            boolean any = false;
            for (int k = 0; k < KINDS; k++) {
                v[2 * k] = c[k * CLASSES + cl];
                v[2 * k + 1] = b[k * CLASSES + cl];
                any |= v[2 * k] != 0;
            }
            if (any) {
                long min = 16L << cl;
                long max = cl == CLASSES - 1 ? Long.MAX_VALUE : min << 1;
                out.add(new SizeClass(min, max, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]));
            }
        }
        return out;
    }

    /** The {@code limit} exact sizes of in-use and mmapped chunks with the most chunks. */
    List<CommonSize> commonSizes(int limit) {
        SizeCounter all = new SizeCounter(Integer.MAX_VALUE);
        all.addAll(exact);
        for (ChunkKind k : new ChunkKind[] {ChunkKind.USED, ChunkKind.MMAPPED}) {
            long[] s = bySize[k.ordinal()];
            for (int i = 0; s != null && i < s.length; i++) {
                if (s[i] != 0) {
                    all.add(16L * i, s[i]);
                }
            }
        }
        return all.top(limit);
    }
}
