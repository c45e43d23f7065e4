// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.nginx;

/**
 * All pools of a process.
 *
 * @param count pools found
 * @param bytes block bytes plus large allocation bytes of all of them (a subset of glibc in-use bytes)
 * @param blocks pool blocks
 * @param usedBytes bytes handed out inside the blocks
 * @param unusedBytes bytes left free at the end of the blocks
 * @param largeBlocks large allocations
 * @param largeBytes their glibc chunk bytes
 * @param rejected pool-like heads that failed validation (torn or not pools), for the warning count
 */
public record PoolTotals(long count, long bytes, long blocks, long usedBytes, long unusedBytes, long largeBlocks,
        long largeBytes, long rejected) {}
