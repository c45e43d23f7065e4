// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.nginx;

import java.util.List;
import java.util.Objects;

/**
 * One {@code ngx_pool_t} found in glibc's in-use chunks.
 *
 * @param address the pool head (the program's pointer, 16-aligned)
 * @param sizeBytes the pool size every block of it has ({@code d.end - pool})
 * @param blocks blocks on its {@code d.next} chain, the head included
 * @param bytes glibc chunk bytes of its blocks plus those of its large allocations
 * @param usedBytes bytes handed out inside its blocks (after the 80-byte head and 32-byte block headers)
 * @param unusedBytes bytes left at the end of its blocks ({@code end - last})
 * @param largeBlocks live allocations on its {@code large} list
 * @param largeBytes glibc chunk bytes of those large allocations
 * @param cleanupHandlers its cleanup handlers, as symbols ({@code name (module)}) or module offsets
 * @param owner who owns it: a module name, {@code nginx: cycle}, {@code nginx: connection}, ... or
 *     {@code unattributed}
 * @param evidence the strongest evidence used for {@code owner}
 * @param detail the evidence in words (the symbol, the segment, the hint)
 */
public record NginxPool(long address, long sizeBytes, int blocks, long bytes, long usedBytes, long unusedBytes,
        long largeBlocks, long largeBytes, List<String> cleanupHandlers, String owner, Evidence evidence,
        String detail) {
    public NginxPool {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(detail, "detail");
        cleanupHandlers = List.copyOf(cleanupHandlers);
        if (sizeBytes < 0 || blocks < 1 || bytes < 0 || usedBytes < 0 || unusedBytes < 0 || largeBlocks < 0
                || largeBytes < 0) {
            throw new IllegalArgumentException("negative pool figures at " + address);
        }
    }
}
