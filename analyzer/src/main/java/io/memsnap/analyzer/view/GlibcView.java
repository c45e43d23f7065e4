// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.view;

import io.memsnap.analyzer.findings.SizeClassTotal;
import io.memsnap.snapshot.model.glibc.CommonSize;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import java.util.List;
import java.util.Objects;

/**
 * What a report shows of a process's glibc heap.
 *
 * <p>In-use bytes are allocation bytes, not resident bytes (a calloc'd, untouched 1 GiB chunk counts 1 GiB), and the
 * size classes have no resident bytes: their shares are of glibc's in-use bytes (all classes, mmapped chunks
 * included), never of RSS.
 *
 * @param heap the section as captured (arenas, versions, counts)
 * @param sizeClasses the whole-process size-class totals, smallest first, each with its in-use bytes as a share
 *     of glibc's in-use bytes
 * @param commonSizes the most common exact chunk sizes, at most the asked number, each with its share of glibc's
 *     in-use bytes
 */
public record GlibcView(GlibcHeap heap, List<Shared<SizeClassTotal>> sizeClasses,
        List<Shared<CommonSize>> commonSizes) {
    public GlibcView {
        Objects.requireNonNull(heap, "heap");
        sizeClasses = List.copyOf(sizeClasses);
        commonSizes = List.copyOf(commonSizes);
    }

    static GlibcView of(GlibcHeap g, int top) {
        List<SizeClassTotal> classes = SizeClassTotal.of(g);
        long inUse = classes.stream().mapToLong(SizeClassTotal::inUseBytes).sum();
        return new GlibcView(g, Shared.first(classes, Integer.MAX_VALUE, SizeClassTotal::inUseBytes, inUse),
                Shared.first(g.commonSizes(), top, CommonSize::bytes, inUse));
    }
}
