// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import java.util.List;
import java.util.Objects;

/**
 * One malloc arena, all byte counts are chunk sizes (headers included).
 *
 * @param kind {@code main} or {@code thread}
 * @param address address of the arena's malloc_state
 * @param systemBytes bytes the arena obtained from the OS (malloc_state.system_mem)
 * @param inUseBytes chunks in use by the program (tcache and fastbin chunks excluded)
 * @param freeBytes chunks free in the unsorted, small and large bins
 * @param topBytes size of the top chunk
 * @param tcacheBytes chunks held in thread caches
 * @param fastbinBytes chunks held in fastbins
 * @param freeResidentBytes whole pages of free memory (bins, top, tcache, fastbins) still resident
 * @param histogram size classes, smallest first
 */
public record GlibcArena(
        String kind,
        long address,
        long systemBytes,
        long inUseBytes,
        long freeBytes,
        long topBytes,
        long tcacheBytes,
        long fastbinBytes,
        long freeResidentBytes,
        List<SizeClass> histogram) {
    public GlibcArena {
        Objects.requireNonNull(kind, "kind");
        histogram = List.copyOf(histogram);
    }
}
