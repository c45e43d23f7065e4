// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import java.util.List;
import java.util.Objects;

/**
 * The glibc malloc section of a process snapshot.
 *
 * @param version glibc version detected from the library itself, e.g. {@code 2.36}
 * @param arenas every arena, the main arena first
 * @param mmapped chunks glibc mmapped directly (all arenas)
 * @param warnings what could not be walked or verified
 */
public record GlibcHeap(String version, List<GlibcArena> arenas, GlibcMmapped mmapped, List<String> warnings) {
    public GlibcHeap {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(mmapped, "mmapped");
        arenas = List.copyOf(arenas);
        warnings = List.copyOf(warnings);
    }
}
