// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import java.util.Arrays;

/**
 * The pool the reader is looking at: its shape, its large allocations' sizes and its cleanup handlers. One instance
 * is reused for every pool of a walk (a valid one is copied into the {@link PoolTable}), so a worker with hundreds of
 * thousands of pools costs no object per pool. Plain data, confined to one thread.
 */
final class PoolFacts {
    long address;
    long sizeBytes;
    /** Bytes of the glibc chunks of all its blocks (a block's chunk may be 16 bytes over another's). */
    long chunkBytes;
    int blocks;
    long usedBytes;
    long unusedBytes;
    int largeBlocks;
    long largeBytes;
    /** Sizes of the large allocations (glibc chunk sizes), the first {@code largeBlocks} of them. */
    long[] largeSizes = new long[8];
    int handlerCount;
    /** Non-NULL cleanup handler addresses in list order, the first {@code handlerCount} of them. */
    long[] handlers = new long[4];
    int chunkCount;
    /** Indexes in {@link io.memsnap.snapshot.walk.InUseChunks} of its blocks and large allocations, the first
     * {@code chunkCount} of them (for their resident pages). */
    int[] chunks = new int[8];

    /** Starts over for the pool at {@code p}. */
    void reset(long p, long size, long chunk) {
        address = p;
        sizeBytes = size;
        chunkBytes = chunk;
        blocks = 0;
        usedBytes = 0;
        unusedBytes = 0;
        largeBlocks = 0;
        largeBytes = 0;
        handlerCount = 0;
        chunkCount = 0;
    }

    void addChunk(int index) {
        if (chunkCount == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunkCount * 2);
        }
        chunks[chunkCount++] = index;
    }

    void addLarge(long size) {
        if (largeBlocks == largeSizes.length) {
            largeSizes = Arrays.copyOf(largeSizes, largeBlocks * 2);
        }
        largeSizes[largeBlocks++] = size;
        largeBytes += size;
    }

    void addHandler(long handler) {
        if (handlerCount == handlers.length) {
            handlers = Arrays.copyOf(handlers, handlerCount * 2);
        }
        handlers[handlerCount++] = handler;
    }
}
