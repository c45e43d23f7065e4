// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The link words of the chunks a heap walk saw that may sit on a free list, captured while the walk had their bytes
 * anyway, so the list walks afterwards need no further reads of the target: for a free chunk its {@code fd} and
 * {@code bk}; for a small chunk that looks in use (a tcache or fastbin candidate) the safe-linked word at chunk + 16,
 * already decoded, and only when it decodes to 0 or to an address in a heap. Entries arrive in ascending address
 * order per region; lookups are binary searches. Holds at most {@code capacity} entries (then callers read the
 * target instead). Also remembers which entries a list walk already claimed, which is how cycles are caught.
 * Memory: 28 bytes per entry. Confined to one thread.
 */
final class LinkTable {
    private final int capacity;
    private long[] chunks = new long[1024];
    private long[] first = new long[1024];
    private long[] second = new long[1024];
    private int[] sizes = new int[1024];
    private final BitSet claimed = new BitSet();
    private int size;
    private boolean sorted = true;
    private boolean full;
    /** Entries either side of the last one found that {@link #find} tries first. */
    private static final int NEAR = 4;
    /** The entry {@link #find} returned last. */
    private int last;

    LinkTable(int capacity) {
        this.capacity = capacity;
    }

    void add(long chunk, long sizeBytes, long firstWord, long secondWord) {
        if (size == capacity) {
            full = true;
            return;
        }
        if (size == chunks.length) {
            int n = (int) Math.min((long) size * 2, capacity);
            chunks = Arrays.copyOf(chunks, n);
            first = Arrays.copyOf(first, n);
            second = Arrays.copyOf(second, n);
            sizes = Arrays.copyOf(sizes, n);
        }
        if (size > 0 && chunks[size - 1] >= chunk) {
            sorted = false;
        }
        chunks[size] = chunk;
        first[size] = firstWord;
        second[size] = secondWord;
        sizes[size] = (int) Math.min(sizeBytes, Integer.MAX_VALUE);
        size++;
    }

    /** True if entries were dropped because the table was full. */
    boolean full() {
        return full;
    }

    /**
     * Index of {@code chunk}, or -1. A list mostly holds chunks in address order, descending (a bin or fastbin
     * fills by pushing chunks freed in ascending order) or ascending, with other lists' chunks in between, so the
     * {@value #NEAR} entries on either side of the last one found are tried before a binary search.
     */
    int find(long chunk) {
        if (!sorted) {
            sort();
        }
        int i = near(chunk);
        if (i < 0) {
            i = Arrays.binarySearch(chunks, 0, size, chunk);
            if (i < 0) {
                return -1;
            }
        }
        last = i;
        return i;
    }

    /** Index of {@code chunk} among the {@value #NEAR} entries either side of the last one found, or -1. */
    private int near(long chunk) {
        if (size == 0) {
            return -1;
        }
        boolean below = chunk < chunks[Math.min(last, size - 1)];
        int from = below ? Math.max(0, last - NEAR) : last;
        int to = below ? last : Math.min(size, last + 1 + NEAR);
        for (int j = from; j < to; j++) {
            if (chunks[j] == chunk) {
                return j;
            }
        }
        return -1;
    }

    long first(int i) {
        return first[i];
    }

    long second(int i) {
        return second[i];
    }

    /** Chunk size of entry {@code i} (capped at Integer.MAX_VALUE). */
    long size(int i) {
        return sizes[i];
    }

    /** Marks entry {@code i} as taken by a list; false if it already was (the chunk is on a list twice). */
    boolean claim(int i) {
        if (claimed.get(i)) {
            return false;
        }
        claimed.set(i);
        return true;
    }

    private void sort() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Long.compare(chunks[x], chunks[y]));
        long[] c = new long[size];
        long[] f = new long[size];
        long[] s = new long[size];
        int[] z = new int[size];
        for (int i = 0; i < size; i++) {
            c[i] = chunks[order[i]];
            f[i] = first[order[i]];
            s[i] = second[order[i]];
            z[i] = sizes[order[i]];
        }
        chunks = c;
        first = f;
        second = s;
        sizes = z;
        sorted = true;
    }
}
