// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import java.util.Arrays;

/**
 * The valid pools of a walk in address order, column by column in primitive arrays (a worker may hold hundreds of
 * thousands of pools: no object each). Large allocation sizes and cleanup handlers of all pools sit in two flat
 * arrays, each pool owning a range. Confined to one thread.
 */
final class PoolTable {
    private int count;
    private long[] address = new long[1024];
    private long[] sizeBytes = new long[1024];
    private long[] chunkBytes = new long[1024];
    private int[] blocks = new int[1024];
    private long[] usedBytes = new long[1024];
    private long[] unusedBytes = new long[1024];
    private long[] largeBytes = new long[1024];
    /** Pool i's large sizes are {@code large[largeStart[i] .. largeStart[i + 1])}; handlers likewise. */
    private int[] largeStart = new int[1025];
    private int[] handlerStart = new int[1025];
    private long[] large = new long[1024];
    private long[] handlers = new long[1024];

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
    }

    private static long[] append(long[] to, int at, long[] from, int n) {
        long[] out = at + n <= to.length ? to : Arrays.copyOf(to, Math.max(to.length * 2, at + n));
        System.arraycopy(from, 0, out, at, n);
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
        return chunkBytes[i] * blocks[i] + largeBytes[i];
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
