// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

/**
 * Limits of a glibc heap walk.
 *
 * @param maxChunks chunks the heap walk visits at most, over all arenas
 * @param maxListSteps entries followed at most in one free list (fastbin, bin)
 * @param commonSizes how many exact sizes {@code commonSizes} lists
 * @param maxDistinctSizes distinct exact sizes counted at most (memory bound of the size table)
 * @param readBlockBytes bytes per bulk read of heap memory
 */
public record GlibcWalkOptions(
        long maxChunks, long maxListSteps, int commonSizes, int maxDistinctSizes, int readBlockBytes) {
    public GlibcWalkOptions {
        if (maxChunks <= 0 || maxListSteps <= 0 || commonSizes < 0 || maxDistinctSizes <= 0
                || readBlockBytes < 4096) {
            throw new IllegalArgumentException("invalid glibc walk limits");
        }
    }

    /** 500 million chunks, 50 million list steps, 20 common sizes, 1 MiB reads. */
    public static GlibcWalkOptions defaults() {
        return new GlibcWalkOptions(500_000_000L, 50_000_000L, 20, 1 << 20, 1 << 20);
    }
}
