// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import java.util.Objects;

/**
 * One sentence a diff says, with the byte change it is about.
 *
 * @param id stable id: {@code rss.growth}, {@code rss.shrink}, {@code rss.steady}, {@code luajit.allocator-growth},
 *     {@code luajit.gc-growth}, {@code nginx.cycle-growth},
 *     {@code nginx.pool-growth}, {@code glibc.size-growth}, {@code shape.changed}, {@code shape.unchanged}
 * @param text the sentence, numbers included
 * @param deltaBytes the change it is about, 0 if none
 */
public record DiffFinding(String id, String text, long deltaBytes) {
    public DiffFinding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
    }
}
