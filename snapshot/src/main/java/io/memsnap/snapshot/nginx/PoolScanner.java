// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.walk.InUseChunks;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds every pool head among glibc's in-use chunks: reads the first {@value PoolReader#WINDOW} bytes of each chunk
 * big enough to hold a pool (the head and the nodes that usually follow it), in one scatter read of a batch of
 * chunks at a time, filters them with {@link PoolReader#plausibleHead} and validates the survivors with
 * {@link PoolReader#read}, reading anything outside the window directly (uncached: single words spread over the heap
 * would otherwise load a cache block each). Secondary blocks of a pool are chunks too; they never pass
 * the head checks (their {@code max} word is user data) and are skipped once their pool claimed them. Confined to
 * one thread.
 */
final class PoolScanner {
    private static final int BATCH = 4096;
    private static final long MIN_HEAD_CHUNK = PoolLayout.request2size(PoolLayout.POOL_HEADER);

    /** What the scan found: the valid pools in address order, and how many plausible heads failed validation. */
    record Found(PoolTable pools, long rejected) {}

    private PoolScanner() {}

    static Found scan(Memory memory, InUseChunks chunks, int maxSteps, long maxPools) {
        PoolReader reader = new PoolReader(memory, chunks, maxSteps);
        // room for a pool per candidate chunk up to 128 Ki pools (11 MiB of columns), so a worker with a hundred
        // thousand pools does not copy its table as it grows
        PoolTable pools = new PoolTable((int) Math.min(Math.min(chunks.count(), maxPools), 1 << 17));
        PoolFacts f = new PoolFacts();
        long rejected = 0;
        long[] starts = new long[BATCH];
        int[] indexes = new int[BATCH];
        byte[] windows = new byte[BATCH * PoolReader.WINDOW];
        long[] retry = new long[BATCH];
        int[] retried = new int[BATCH];
        byte[] heads = new byte[BATCH * PoolLayout.POOL_HEADER];
        int i = 0;
        while (i < chunks.count() && pools.count() < maxPools) {
            int n = 0;
            for (; i < chunks.count() && n < BATCH; i++) {
                if (chunks.size(i) >= MIN_HEAD_CHUNK) {
                    starts[n] = chunks.address(i) + InUseChunks.HEADER_BYTES;
                    indexes[n++] = i;
                }
            }
            // one scatter read of each chunk's first bytes: the head and what most pools' lists point to (a cleanup
            // node, large nodes), so every pool head is touched once
            BitSet failed = memory.readEach(starts, n, PoolReader.WINDOW, windows);
            // a window running past the end of its mapping: the 80 head bytes are all there is up front
            int r = 0;
            for (int k = failed.nextSetBit(0); k >= 0 && k < n; k = failed.nextSetBit(k + 1)) {
                retry[r] = starts[k];
                retried[r++] = k;
            }
            BitSet headFailed = memory.readEach(retry, r, PoolLayout.POOL_HEADER, heads);
            int next = 0;
            for (int k = 0; k < n && pools.count() < maxPools; k++) {
                byte[] head = windows;
                int off = k * PoolReader.WINDOW;
                int length = PoolReader.WINDOW;
                if (next < r && retried[next] == k) {
                    if (headFailed.get(next)) {
                        next++;
                        continue;
                    }
                    head = heads;
                    off = next++ * PoolLayout.POOL_HEADER;
                    length = PoolLayout.POOL_HEADER;
                }
                if (!PoolReader.plausibleHead(starts[k], chunks.size(indexes[k]), head, off)) {
                    continue;
                }
                if (reader.read(f, starts[k], indexes[k], head, off, length)) {
                    pools.add(f);
                } else {
                    rejected++;
                }
            }
        }
        return new Found(pools, rejected);
    }

    /**
     * Why a pool nginx points at is not among the scan's pools.
     *
     * @param why the invariant it breaks, with its head words as evidence
     * @param midUpdate true if its head is at a glibc in-use chunk and breaks a pool invariant, as a pool caught in
     *     the middle of an update would; false if it is not at an in-use chunk the glibc walk found, which another
     *     copy would not change (an incomplete glibc walk, or pools taken from another allocator)
     */
    record Fault(String why, boolean midUpdate) {}

    /**
     * Why {@code p}, which nginx itself points at as a pool, is not among the scan's pools; empty if it validates
     * after all (the scan stopped at its pool limit).
     */
    static Optional<Fault> fault(Memory memory, InUseChunks chunks, int maxSteps, long p) {
        int idx = chunks.indexOfPointer(p);
        if (idx < 0) {
            int in = chunks.indexContaining(p);
            return Optional.of(new Fault(in < 0 ? "not in any glibc in-use chunk the glibc walk found"
                    : String.format(Locale.ROOT, "not the start of a glibc in-use chunk (inside the one at 0x%x)",
                            chunks.address(in)), false));
        }
        if (chunks.size(idx) < MIN_HEAD_CHUNK) {
            return Optional.of(new Fault("its glibc chunk of " + chunks.size(idx) + " bytes is too small for a pool "
                    + "head", false));
        }
        byte[] head = new byte[PoolLayout.POOL_HEADER];
        try {
            memory.read(p, head, 0, head.length);
        } catch (UnreadableMemoryException e) {
            return Optional.of(new Fault("its head is unreadable: " + e.getMessage(), false));
        }
        String why = PoolReader.headFault(p, chunks.size(idx), head, 0);
        if (why == null) {
            PoolReader reader = new PoolReader(memory, chunks, maxSteps);
            if (reader.read(new PoolFacts(), p, idx, head, 0, head.length)) {
                return Optional.empty();
            }
            why = reader.fault();
        }
        StringBuilder words = new StringBuilder(why).append(" (head");
        for (int off = 0; off < PoolLayout.POOL_HEADER; off += 8) {
            words.append(String.format(Locale.ROOT, " %x", Bytes.i64(head, off)));
        }
        return Optional.of(new Fault(words.append(String.format(Locale.ROOT, "; chunk of %d bytes)",
                chunks.size(idx))).toString(), true));
    }
}
