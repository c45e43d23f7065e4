// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.glibc;

import io.memsnap.snapshot.model.LayerSection;
import java.util.List;
import java.util.Objects;

/**
 * The glibc malloc section of a process snapshot.
 *
 * @param version glibc version detected from the library itself, e.g. {@code 2.36}
 * @param arenas every arena in the order of the arena ring (main arena first, then the newest thread arena),
 *     which is also the {@code nr} order of {@code malloc_info()}
 * @param mmapped chunks glibc mmapped directly (all arenas)
 * @param histogram log2 size classes over all arenas and mmapped chunks, smallest first
 * @param commonSizes the most common exact sizes of in-use and mmapped chunks over the whole process
 * @param warnings what could not be walked or verified outside a single arena
 */
public record GlibcHeap(
        String version,
        List<GlibcArena> arenas,
        GlibcMmapped mmapped,
        List<SizeClass> histogram,
        List<CommonSize> commonSizes,
        List<String> warnings) implements LayerSection {
    public GlibcHeap {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(mmapped, "mmapped");
        arenas = List.copyOf(arenas);
        histogram = List.copyOf(histogram);
        commonSizes = List.copyOf(commonSizes);
        warnings = List.copyOf(warnings);
    }
}
