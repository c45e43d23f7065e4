// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.model.glibc.CommonSize;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Counts of exact chunk sizes in an open-addressing table of primitive longs (no boxing per chunk). Holds at most
 * {@code maxKeys} distinct sizes; further new sizes are dropped and {@link #truncated()} says so.
 */
final class SizeCounter {
    /** Sizes below this are counted in {@link #small} directly, by size / 16, without hashing. */
    private static final long SMALL_LIMIT = 64 << 10;

    private final int maxKeys;
    private final long[] small = new long[(int) (SMALL_LIMIT >>> 4)];
    private long[] keys = new long[256];
    private long[] values = new long[256];
    private int size;
    private boolean truncated;

    SizeCounter(int maxKeys) {
        this.maxKeys = maxKeys;
    }

    void add(long sizeBytes, long delta) {
        if (sizeBytes < SMALL_LIMIT && (sizeBytes & 0xf) == 0) {
            small[(int) (sizeBytes >>> 4)] += delta;
            return;
        }
        int i = find(sizeBytes);
        if (keys[i] == 0) {
            if (size >= maxKeys) {
                truncated = true;
                return;
            }
            keys[i] = sizeBytes;
            size++;
            if (size * 2 > keys.length) {
                grow();
                i = find(sizeBytes);
            }
        }
        values[i] += delta;
    }

    void addAll(SizeCounter other) {
        for (int i = 0; i < small.length; i++) {
            small[i] += other.small[i];
        }
        for (int i = 0; i < other.keys.length; i++) {
            if (other.keys[i] != 0) {
                add(other.keys[i], other.values[i]);
            }
        }
        truncated |= other.truncated;
    }

    boolean truncated() {
        return truncated;
    }

    /** The {@code limit} sizes with the most chunks, ties broken by the larger size. */
    List<CommonSize> top(int limit) {
        List<CommonSize> all = new ArrayList<>();
        for (int i = 1; i < small.length; i++) {
            if (small[i] > 0) {
                all.add(new CommonSize(16L * i, small[i], 16L * i * small[i]));
            }
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0 && values[i] > 0) {
                all.add(new CommonSize(keys[i], values[i], keys[i] * values[i]));
            }
        }
        all.sort(Comparator.comparingLong(CommonSize::count).reversed()
                .thenComparing(Comparator.comparingLong(CommonSize::sizeBytes).reversed()));
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    private int find(long key) {
        int mask = keys.length - 1;
        int i = Long.hashCode(key * 0x9E3779B97F4A7C15L) & mask;
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int j = find(oldKeys[i]);
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
            }
        }
    }
}
