// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The valid pools of a walk in address order, column by column in primitive arrays (a worker may hold hundreds of
 * thousands of pools: no object each). Large allocation sizes and cleanup handlers of all pools sit in two flat
 * arrays, each pool owning a range. Confined to one thread.
 */
final class PoolTable {
    private int count;
    private long[] address;
    private long[] sizeBytes;
    private long[] chunkBytes;
    private int[] blocks;
    private long[] usedBytes;
    private long[] unusedBytes;
    private long[] largeBytes;
    /** Pool i's large sizes are {@code large[largeStart[i] .. largeStart[i + 1])}; handlers likewise. */
    private int[] largeStart;
    private int[] handlerStart;
    private long[] large;
    private long[] handlers;
    /** Pool i's chunk indexes (blocks, then large allocations) are {@code chunks[chunkStart[i] .. chunkStart[i + 1])}. */
    private int[] chunkStart;
    private int[] chunks;
    /** Resident bytes of each pool's chunks, once {@link #resident} set them; null while unknown. */
    private long[] residentBytes;

    /** An empty table with room for 1024 pools. */
    PoolTable() {
        this(1024);
    }

    /**
     * An empty table with room for {@code capacity} pools before its columns grow (each growth copies them all:
     * a scan that may find many pools sizes the table up front).
     */
    PoolTable(int capacity) {
        int n = Math.max(16, capacity);
        address = new long[n];
        sizeBytes = new long[n];
        chunkBytes = new long[n];
        blocks = new int[n];
        usedBytes = new long[n];
        unusedBytes = new long[n];
        largeBytes = new long[n];
        largeStart = new int[n + 1];
        handlerStart = new int[n + 1];
        large = new long[n];
        handlers = new long[n];
        chunkStart = new int[n + 1];
        chunks = new int[2 * n];
    }

    void add(PoolFacts f) {
        if (count == address.length) {
            int n = count * 2;
            address = Arrays.copyOf(address, n);
            sizeBytes = Arrays.copyOf(sizeBytes, n);
            chunkBytes = Arrays.copyOf(chunkBytes, n);
            blocks = Arrays.copyOf(blocks, n);
            usedBytes = Arrays.copyOf(usedBytes, n);
            unusedBytes = Arrays.copyOf(unusedBytes, n);
            largeBytes = Arrays.copyOf(largeBytes, n);
            largeStart = Arrays.copyOf(largeStart, n + 1);
            handlerStart = Arrays.copyOf(handlerStart, n + 1);
            chunkStart = Arrays.copyOf(chunkStart, n + 1);
        }
        int i = count++;
        address[i] = f.address;
        sizeBytes[i] = f.sizeBytes;
        chunkBytes[i] = f.chunkBytes;
        blocks[i] = f.blocks;
        usedBytes[i] = f.usedBytes;
        unusedBytes[i] = f.unusedBytes;
        largeBytes[i] = f.largeBytes;
        large = append(large, largeStart[i], f.largeSizes, f.largeBlocks);
        largeStart[i + 1] = largeStart[i] + f.largeBlocks;
        handlers = append(handlers, handlerStart[i], f.handlers, f.handlerCount);
        handlerStart[i + 1] = handlerStart[i] + f.handlerCount;
        int at = chunkStart[i];
        if (at + f.chunkCount > chunks.length) {
            chunks = Arrays.copyOf(chunks, Math.max(chunks.length * 2, at + f.chunkCount));
        }
        for (int k = 0; k < f.chunkCount; k++) {
            chunks[at + k] = f.chunks[k];
        }
        chunkStart[i + 1] = at + f.chunkCount;
    }

    private static long[] append(long[] to, int at, long[] from, int n) {
        long[] out = at + n <= to.length ? to : Arrays.copyOf(to, Math.max(to.length * 2, at + n));
        for (int k = 0; k < n; k++) { // mostly 0 to 4 values: a loop, not an arraycopy call
            out[at + k] = from[k];
        }
        return out;
    }

    int count() {
        return count;
    }

    long address(int i) {
        return address[i];
    }

    /** The pool heads, ascending (a copy). */
    long[] addresses() {
        return Arrays.copyOf(address, count);
    }

    long sizeBytes(int i) {
        return sizeBytes[i];
    }

    int blocks(int i) {
        return blocks[i];
    }

    long usedBytes(int i) {
        return usedBytes[i];
    }

    long unusedBytes(int i) {
        return unusedBytes[i];
    }

    int largeBlocks(int i) {
        return largeStart[i + 1] - largeStart[i];
    }

    long largeBytes(int i) {
        return largeBytes[i];
    }

    /** Size of pool i's k-th large allocation. */
    long largeSize(int i, int k) {
        return large[largeStart[i] + k];
    }

    /** Block chunk bytes plus large chunk bytes: what pool i holds in glibc. */
    long glibcBytes(int i) {
        return chunkBytes[i] + largeBytes[i];
    }

    /** Chunks of all pools together (blocks and large allocations). */
    int chunkCount() {
        return chunkStart[count];
    }

    /** The {@code k}-th chunk of all pools: its index among the in-use chunks. */
    int chunk(int k) {
        return chunks[k];
    }

    /** Pool i's chunks are {@link #chunk}({@code chunkStart(i)}) up to {@code chunkStart(i + 1)}. */
    int chunkStart(int i) {
        return chunkStart[i];
    }

    /** Sets every pool's resident bytes ({@link PoolResidency}; {@link PoolResidency#UNKNOWN} where unknown). */
    void resident(long[] bytes) {
        residentBytes = bytes.clone();
    }

    /** Bytes of pool i's chunks in resident pages; empty if unknown (or never measured). */
    OptionalLong residentBytes(int i) {
        return residentBytes == null || i >= residentBytes.length || residentBytes[i] == PoolResidency.UNKNOWN
                ? OptionalLong.empty() : OptionalLong.of(residentBytes[i]);
    }

    int handlerCount(int i) {
        return handlerStart[i + 1] - handlerStart[i];
    }

    long handler(int i, int k) {
        return handlers[handlerStart[i] + k];
    }

    /** True if pools i and j have the same cleanup handlers in the same order. */
    boolean sameHandlers(int i, int j) {
        return Arrays.equals(handlers, handlerStart[i], handlerStart[i + 1], handlers, handlerStart[j],
                handlerStart[j + 1]);
    }
}
