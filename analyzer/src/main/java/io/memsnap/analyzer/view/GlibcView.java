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
 * @param heap the section as captured (arenas, versions, counts)
 * @param sizeClasses the whole-process size-class totals, smallest first, each with its in-use bytes as a share
 *     of RSS
 * @param commonSizes the most common exact chunk sizes, at most the asked number, each with its share of RSS
 */
public record GlibcView(GlibcHeap heap, List<Shared<SizeClassTotal>> sizeClasses,
        List<Shared<CommonSize>> commonSizes) {
    public GlibcView {
        Objects.requireNonNull(heap, "heap");
        sizeClasses = List.copyOf(sizeClasses);
        commonSizes = List.copyOf(commonSizes);
    }

    static GlibcView of(GlibcHeap g, long rssBytes, int top) {
        return new GlibcView(g, Shared.first(SizeClassTotal.of(g), Integer.MAX_VALUE, SizeClassTotal::inUseBytes,
                rssBytes), Shared.first(g.commonSizes(), top, CommonSize::bytes, rssBytes));
    }
}
