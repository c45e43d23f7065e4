// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.glibc;

import java.util.List;
import java.util.Objects;

/**
 * One malloc arena. Byte counts are chunk sizes (headers included); {@code systemBytes} equals
 * {@code inUseBytes + freeBytes + topBytes + tcacheBytes + fastbinBytes + metadataBytes} when the walk was
 * complete (no warnings).
 *
 * @param kind {@code main} or {@code thread}
 * @param address address of the arena's malloc_state
 * @param heapCount heaps (64 MiB reservations) of a thread arena; 1 for the main arena
 * @param systemBytes bytes the arena obtained from the OS (malloc_state.system_mem)
 * @param inUseBytes chunks in use by the program (tcache and fastbin chunks excluded)
 * @param inUseCount number of such chunks
 * @param freeBytes chunks free in the unsorted, small and large bins
 * @param freeCount number of such chunks
 * @param topBytes size of the top chunk
 * @param tcacheBytes chunks held in thread caches
 * @param tcacheCount number of such chunks
 * @param fastbinBytes chunks held in fastbins
 * @param fastbinCount number of such chunks
 * @param metadataBytes heap_info and malloc_state headers inside the arena's heaps, fenceposts, alignment gaps
 * @param freeResidentBytes resident pages that hold only free memory (bins, top, tcache, fastbins)
 * @param trimmableBytes the part of {@code freeResidentBytes} that {@code malloc_trim(0)} would give back now
 * @param fragmentedBytes free bytes on pages shared with in-use chunks or metadata: no trim can give them back
 * @param histogram non-empty log2 size classes, smallest first
 * @param commonSizes the most common exact chunk sizes of in-use chunks, most frequent first
 * @param warnings what could not be walked or did not check out in this arena; empty when the walk is exact
 */
public record GlibcArena(
        String kind,
        long address,
        int heapCount,
        long systemBytes,
        long inUseBytes,
        long inUseCount,
        long freeBytes,
        long freeCount,
        long topBytes,
        long tcacheBytes,
        long tcacheCount,
        long fastbinBytes,
        long fastbinCount,
        long metadataBytes,
        long freeResidentBytes,
        long trimmableBytes,
        long fragmentedBytes,
        List<SizeClass> histogram,
        List<CommonSize> commonSizes,
        List<String> warnings) {
    public GlibcArena {
        Objects.requireNonNull(kind, "kind");
        histogram = List.copyOf(histogram);
        commonSizes = List.copyOf(commonSizes);
        warnings = List.copyOf(warnings);
    }
}
