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
 * @param maxLinkEntries free-list candidates whose links the walk keeps in memory (28 bytes each); beyond that the
 *     list walks read the target
 */
public record GlibcWalkOptions(
        long maxChunks,
        long maxListSteps,
        int commonSizes,
        int maxDistinctSizes,
        int readBlockBytes,
        int maxLinkEntries) {
    public GlibcWalkOptions {
        if (maxChunks <= 0 || maxListSteps <= 0 || commonSizes < 0 || maxDistinctSizes <= 0
                || readBlockBytes < 4096 || maxLinkEntries <= 0) {
            throw new IllegalArgumentException("invalid glibc walk limits");
        }
    }

    /** 500 million chunks, 50 million list steps, 20 common sizes, 1 MiB reads, 4 million link entries. */
    public static GlibcWalkOptions defaults() {
        return new GlibcWalkOptions(500_000_000L, 50_000_000L, 20, 1 << 20, 1 << 20, 4 << 20);
    }
}
