// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import java.util.Arrays;

/**
 * The copied ranges of a {@link FrozenCopy} in ascending address order: each a run of whole pages of the target
 * and where it lies in the {@link PageStore} (slice and position). Filled by one thread, then read-only.
 */
final class PageRuns {
    private long[] starts = new long[256];
    private long[] lengths = new long[256];
    private int[] slices = new int[256];
    private long[] positions = new long[256];
    private int count;

    /** Appends a run; {@code start} must be above the previous run's end. */
    void add(long start, long length, int slice, long position) {
        if (count > 0 && start < starts[count - 1] + lengths[count - 1]) {
            throw new IllegalArgumentException("runs must ascend");
        }
        if (count == starts.length) {
            int n = count * 2;
            starts = Arrays.copyOf(starts, n);
            lengths = Arrays.copyOf(lengths, n);
            slices = Arrays.copyOf(slices, n);
            positions = Arrays.copyOf(positions, n);
        }
        starts[count] = start;
        lengths[count] = length;
        slices[count] = slice;
        positions[count] = position;
        count++;
    }

    /** Shortens the last run to {@code length} bytes (a copy that stopped short); drops it at 0. */
    void truncateLast(long length) {
        if (length <= 0) {
            count--;
        } else {
            lengths[count - 1] = length;
        }
    }

    int count() {
        return count;
    }

    long start(int i) {
        return starts[i];
    }

    long length(int i) {
        return lengths[i];
    }

    int slice(int i) {
        return slices[i];
    }

    long position(int i) {
        return positions[i];
    }

    /** Index of the run containing {@code address}, or -1. */
    int find(long address) {
        int i = Arrays.binarySearch(starts, 0, count, address);
        int idx = i >= 0 ? i : -i - 2;
        return idx >= 0 && address - starts[idx] < lengths[idx] ? idx : -1;
    }

    /**
     * Index of the last run starting at or below {@code address}, or -1; for an address at or above the start of run
     * {@code from} (a scan in ascending order) it gallops forward from there, so a run a few places on costs a few
     * comparisons instead of a binary search over every run.
     */
    int floor(long address, int from) {
        int lo = 0;
        int hi = count;
        if (from >= 0 && from < count && starts[from] <= address) {
            lo = from;
            int step = 1;
            hi = from + 1;
            while (hi < count && starts[hi] <= address) {
                lo = hi;
                step <<= 1;
                hi = lo + step;
            }
            hi = Math.min(hi, count);
        }
        int i = Arrays.binarySearch(starts, lo, hi, address);
        return i >= 0 ? i : -i - 2;
    }

    /** True if run {@code i} (-1 for none) contains {@code address}. */
    boolean contains(int i, long address) {
        return i >= 0 && address >= starts[i] && address - starts[i] < lengths[i];
    }

    /** Bytes in all runs. */
    long totalBytes() {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += lengths[i];
        }
        return sum;
    }
}
