// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

/**
 * One validated pool as the walk read it: its shape, its large allocations' sizes and its cleanup handlers. Plain
 * data, confined to one thread.
 */
final class PoolFacts {
    final long address;
    final long sizeBytes;
    final long chunkBytes;
    int blocks;
    long usedBytes;
    long unusedBytes;
    long largeBlocks;
    long largeBytes;
    /** Sizes of the large allocations (glibc chunk sizes), {@code largeBlocks} of them. */
    long[] largeSizes = new long[0];
    /** Non-NULL cleanup handler addresses, in list order. */
    long[] handlers = new long[0];

    PoolFacts(long address, long sizeBytes, long chunkBytes) {
        this.address = address;
        this.sizeBytes = sizeBytes;
        this.chunkBytes = chunkBytes;
    }

    /** Block chunk bytes plus large chunk bytes: what the pool holds in glibc. */
    long glibcBytes() {
        return chunkBytes * blocks + largeBytes;
    }
}
