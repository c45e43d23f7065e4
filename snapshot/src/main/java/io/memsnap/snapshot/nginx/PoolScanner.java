// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.walk.InUseChunks;
import java.util.BitSet;

/**
 * Finds every pool head among glibc's in-use chunks: reads the first 80 bytes of each chunk big enough to hold a
 * pool, in scatter reads of a batch of chunks at a time, filters them with {@link PoolReader#plausibleHead} and
 * validates the survivors with {@link PoolReader#read}, reading a window of each survivor's head block in a second
 * scatter read and anything else directly (uncached: single words spread over the heap would otherwise load a cache
 * block each). Secondary blocks of a pool are chunks too; they never pass
 * the head checks (their {@code max} word is user data) and are skipped once their pool claimed them. Confined to
 * one thread.
 */
final class PoolScanner {
    private static final int BATCH = 4096;
    private static final long MIN_CHUNK = PoolLayout.request2size(PoolLayout.POOL_HEADER);

    /** What the scan found: the valid pools in address order, and how many plausible heads failed validation. */
    record Found(PoolTable pools, long rejected) {}

    private PoolScanner() {}

    static Found scan(Memory memory, InUseChunks chunks, int maxSteps, long maxPools) {
        PoolReader reader = new PoolReader(memory, chunks, maxSteps);
        PoolTable pools = new PoolTable();
        PoolFacts f = new PoolFacts();
        long rejected = 0;
        long[] starts = new long[BATCH];
        int[] indexes = new int[BATCH];
        byte[] heads = new byte[BATCH * PoolLayout.POOL_HEADER];
        byte[] windows = new byte[BATCH * PoolReader.WINDOW];
        int[] origins = new int[BATCH];
        int i = 0;
        while (i < chunks.count() && pools.count() < maxPools) {
            int n = 0;
            for (; i < chunks.count() && n < BATCH; i++) {
                if (chunks.size(i) >= MIN_CHUNK) {
                    starts[n] = chunks.address(i) + InUseChunks.HEADER_BYTES;
                    indexes[n++] = i;
                }
            }
            BitSet failed = memory.readEach(starts, n, PoolLayout.POOL_HEADER, heads);
            int m = 0;
            for (int k = 0; k < n; k++) {
                if (!failed.get(k) && PoolReader.plausibleHead(starts[k], chunks.size(indexes[k]), heads,
                        k * PoolLayout.POOL_HEADER)) {
                    starts[m] = starts[k];
                    origins[m] = k;
                    indexes[m++] = indexes[k];
                }
            }
            // the head block's first bytes hold what most pools' lists point to (a cleanup node, large nodes):
            // one scatter read for all candidates instead of one read each
            BitSet windowFailed = memory.readEach(starts, m, PoolReader.WINDOW, windows);
            for (int k = 0; k < m && pools.count() < maxPools; k++) {
                // a window running past the end of its mapping: the 80 head bytes are all there is up front
                boolean valid = windowFailed.get(k)
                        ? reader.read(f, starts[k], indexes[k], heads, origins[k] * PoolLayout.POOL_HEADER,
                                PoolLayout.POOL_HEADER)
                        : reader.read(f, starts[k], indexes[k], windows, k * PoolReader.WINDOW, PoolReader.WINDOW);
                if (valid) {
                    pools.add(f);
                } else {
                    rejected++;
                }
            }
        }
        return new Found(pools, rejected);
    }
}
