// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.luajit;

/**
 * LuaJIT's own allocator (a dlmalloc derivative on its own mmapped segments) for one VM, in bytes of chunk size.
 * Residency is by whole pages: a page holding any part of an in-use chunk counts as used.
 *
 * @param mstateAddress address of the allocator state ({@code malloc_state}) in the target
 * @param segments number of mmapped segments
 * @param footprintBytes sum of segment sizes plus the mappings of directly mmapped chunks
 * @param usedBytes in-use chunks in the segments plus directly mmapped chunks (includes the allocator's own
 *     bookkeeping chunks: the state chunk and one record per older segment)
 * @param freeBytes free chunks plus the top chunk
 * @param freeResidentBytes free bytes (free chunks and top) whose pages are resident: memory the allocator retains
 *     in RAM without a live allocation in it
 * @param reclaimableResidentBytes resident pages that hold no in-use chunk at all (they could be returned to the
 *     OS without moving an object); with {@code usedResidentBytes} and {@code notResidentBytes} this partitions
 *     the footprint, and it is what the RSS breakdown shows as LuaJIT free, resident
 * @param usedResidentBytes resident pages that hold at least one in-use chunk, direct chunks included
 * @param notResidentBytes footprint pages that are not resident (never touched or swapped out)
 * @param topBytes size of the top chunk (free, not in any bin)
 * @param directBytes mapping bytes of directly mmapped large chunks attributed to this VM
 * @param directChunks number of those chunks
 * @param usedChunks in-use chunks walked in the segments
 * @param freeChunks free chunks walked in the segments (top excluded)
 */
public record LuaJitAllocator(
        long mstateAddress,
        int segments,
        long footprintBytes,
        long usedBytes,
        long freeBytes,
        long freeResidentBytes,
        long reclaimableResidentBytes,
        long usedResidentBytes,
        long notResidentBytes,
        long topBytes,
        long directBytes,
        int directChunks,
        long usedChunks,
        long freeChunks) {
    public LuaJitAllocator {
        if (footprintBytes < 0 || usedBytes < 0 || freeBytes < 0 || freeResidentBytes < 0
                || reclaimableResidentBytes < 0 || usedResidentBytes < 0 || notResidentBytes < 0 || topBytes < 0
                || directBytes < 0) {
            throw new IllegalArgumentException("negative byte count");
        }
    }

    /**
     * An allocator with only the four numbers, everything else zero: for analyzer tests and hand-built
     * snapshots.
     */
    public LuaJitAllocator(long footprintBytes, long usedBytes, long freeBytes, long freeResidentBytes) {
        this(0, 0, footprintBytes, usedBytes, freeBytes, freeResidentBytes, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
