// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.glibc;

/**
 * One log2 size class of a chunk histogram: chunks with {@code minBytes <= size < maxBytes}. The last class
 * (64 MiB and more) has {@code maxBytes == Long.MAX_VALUE}.
 */
public record SizeClass(
        long minBytes,
        long maxBytes,
        long usedCount,
        long usedBytes,
        long freeCount,
        long freeBytes,
        long tcacheCount,
        long tcacheBytes,
        long fastbinCount,
        long fastbinBytes,
        long mmappedCount,
        long mmappedBytes) {}
