// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.nginx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The pools of one owner, summed.
 *
 * @param owner a module name (e.g. {@code ngx_http_memsnap_leak_module}), {@code nginx: cycle},
 *     {@code nginx: connection}, {@code nginx: request}, a hint such as {@code hint: request (4096)}, or
 *     {@code unattributed}
 * @param evidence the strongest evidence any of its pools has
 * @param detail that evidence in words
 * @param pools number of pools
 * @param blocks pool blocks, heads included
 * @param bytes block bytes plus large allocation bytes
 * @param largeBlocks large allocations
 * @param largeBytes bytes of the large allocations (glibc chunk sizes)
 * @param largeHistogram the large allocations by power-of-two size class, ascending
 * @param residentBytes the bytes of its blocks and large allocations in resident pages (at most {@code bytes});
 *     empty in snapshots written before it was recorded
 */
public record PoolOwner(String owner, Evidence evidence, String detail, long pools, long blocks, long bytes,
        long largeBlocks, long largeBytes, List<SizeBucket> largeHistogram, Optional<Long> residentBytes) {
    /** An owner without resident bytes (as an old snapshot has it). */
    public PoolOwner(String owner, Evidence evidence, String detail, long pools, long blocks, long bytes,
            long largeBlocks, long largeBytes, List<SizeBucket> largeHistogram) {
        this(owner, evidence, detail, pools, blocks, bytes, largeBlocks, largeBytes, largeHistogram, Optional.empty());
    }

    public PoolOwner {
        Objects.requireNonNull(residentBytes, "residentBytes");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(detail, "detail");
        largeHistogram = List.copyOf(largeHistogram);
    }
}
