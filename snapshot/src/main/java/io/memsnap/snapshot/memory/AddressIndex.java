// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Non-overlapping {@code [start, end)} address ranges (mappings, core segments, heap regions) sorted by start, and
 * the one binary search that answers "which range holds this address". Immutable; thread-safe.
 *
 * @param <T> what a range stands for
 */
public final class AddressIndex<T> {
    private final long[] starts;
    private final long[] ends;
    private final List<T> items;

    private AddressIndex(long[] starts, long[] ends, List<T> items) {
        this.starts = starts;
        this.ends = ends;
        this.items = items;
    }

    /** Indexes {@code items} by the ranges {@code [start(item), end(item))}; the ranges must not overlap. */
    public static <T> AddressIndex<T> of(List<T> items, ToLongFunction<T> start, ToLongFunction<T> end) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingLong(start));
        long[] s = new long[sorted.size()];
        long[] e = new long[sorted.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = start.applyAsLong(sorted.get(i));
            e[i] = end.applyAsLong(sorted.get(i));
        }
        return new AddressIndex<>(s, e, List.copyOf(sorted));
    }

    /** Position of the range holding {@code address}, or -1. */
    public int indexOf(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (address < starts[mid]) {
                hi = mid - 1;
            } else if (address >= ends[mid]) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** The range holding {@code address}, or null (for hot paths; see {@link #find}). */
    public T at(long address) {
        int i = indexOf(address);
        return i < 0 ? null : items.get(i);
    }

    /** The range holding {@code address}. */
    public Optional<T> find(long address) {
        return Optional.ofNullable(at(address));
    }

    /**
     * True if {@code [address, address + length)} lies in ranges that follow each other without a gap (one
     * allocator segment can span two mappings the kernel did not merge).
     */
    public boolean covers(long address, long length) {
        int i = indexOf(address);
        long end = address + length;
        if (i < 0 || length < 0 || end < address) {
            return false;
        }
        while (end > ends[i]) {
            if (i + 1 >= starts.length || starts[i + 1] != ends[i]) {
                return false;
            }
            i++;
        }
        return true;
    }

    /** Start of the range at position {@code i}. */
    public long start(int i) {
        return starts[i];
    }

    /** End (exclusive) of the range at position {@code i}. */
    public long end(int i) {
        return ends[i];
    }

    /** The ranges in address order. */
    public List<T> all() {
        return items;
    }
}
