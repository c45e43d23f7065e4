// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.Bytes;

/**
 * The fields of one {@code struct malloc_state} (an arena) the walker uses. Arrays are owned by the record; do not
 * modify them.
 */
record MallocState(
        long address,
        int flags,
        long[] fastbins,
        long top,
        long[] bins,
        long next,
        long systemMem,
        long maxSystemMem) {

    /** Decodes the 2200 bytes at {@code b[off..]}, read from {@code address}. */
    static MallocState parse(byte[] b, int off, long address) {
        long[] fast = new long[Layout.NFASTBINS];
        for (int i = 0; i < fast.length; i++) {
            fast[i] = Bytes.i64(b, off + Layout.STATE_FASTBINS + 8 * i);
        }
        long[] bins = new long[2 * (Layout.NBINS - 1)];
        for (int i = 0; i < bins.length; i++) {
            bins[i] = Bytes.i64(b, off + Layout.STATE_BINS + 8 * i);
        }
        return new MallocState(address, Bytes.i32(b, off + Layout.STATE_FLAGS), fast,
                Bytes.i64(b, off + Layout.STATE_TOP), bins, Bytes.i64(b, off + Layout.STATE_NEXT),
                Bytes.i64(b, off + Layout.STATE_SYSTEM_MEM), Bytes.i64(b, off + Layout.STATE_MAX_SYSTEM_MEM));
    }

    /** True when {@code top} still points at the unsorted-bin fake chunk: initialised but no memory yet. */
    boolean empty() {
        return top == Layout.binHead(address, 1);
    }

    /** True if brk failed once and the main arena continued in mmapped regions. */
    boolean noncontiguous() {
        return (flags & Layout.NONCONTIGUOUS) != 0;
    }

    /** fd of bin {@code i} (1..127). */
    long binFd(int i) {
        return bins[2 * (i - 1)];
    }

    /** bk of bin {@code i} (1..127). */
    long binBk(int i) {
        return bins[2 * (i - 1) + 1];
    }

    /** Number of bins whose fd and bk both point at their own head (empty bins). */
    int selfLinkedBins() {
        int n = 0;
        for (int i = 1; i < Layout.NBINS; i++) {
            long head = Layout.binHead(address, i);
            if (binFd(i) == head && binBk(i) == head) {
                n++;
            }
        }
        return n;
    }
}
