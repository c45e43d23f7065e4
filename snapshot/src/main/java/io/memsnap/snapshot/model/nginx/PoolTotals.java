// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.nginx;

import java.util.Objects;
import java.util.Optional;

/**
 * All pools of a process.
 *
 * @param count pools found
 * @param bytes block bytes plus large allocation bytes of all of them (a subset of glibc in-use bytes): allocation
 *     bytes, not resident bytes (a 16 KiB block of which only the header page was touched counts whole)
 * @param blocks pool blocks
 * @param usedBytes bytes handed out inside the blocks
 * @param unusedBytes bytes left free at the end of the blocks
 * @param largeBlocks large allocations
 * @param largeBytes their glibc chunk bytes
 * @param rejected pool-like heads that failed validation (torn or not pools), for the warning count
 * @param residentBytes the bytes of those blocks and large allocations that lie in resident pages (at most
 *     {@code bytes}); empty in snapshots written before it was recorded
 */
public record PoolTotals(long count, long bytes, long blocks, long usedBytes, long unusedBytes, long largeBlocks,
        long largeBytes, long rejected, Optional<Long> residentBytes) {
    public PoolTotals {
        Objects.requireNonNull(residentBytes, "residentBytes");
    }

    /** Totals without resident bytes (as an old snapshot has them). */
    public PoolTotals(long count, long bytes, long blocks, long usedBytes, long unusedBytes, long largeBlocks,
            long largeBytes, long rejected) {
        this(count, bytes, blocks, usedBytes, unusedBytes, largeBlocks, largeBytes, rejected, Optional.empty());
    }
}
