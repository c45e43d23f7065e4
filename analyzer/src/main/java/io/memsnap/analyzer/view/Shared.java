// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.view;

import io.memsnap.analyzer.findings.Shares;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * One row of a report table: an item from the snapshot and its bytes as a fraction of a whole (RSS, the GC heap),
 * computed once here so that no renderer divides. Immutable.
 *
 * @param item the row's record (a mapping, a size class, a GC object type, ...)
 * @param share its bytes as a fraction (0..1) of the whole the table states; empty when the whole is empty or 0
 *     (a core file's RSS can be): no share exists, and the renderers print a blank, not 0%
 */
public record Shared<T>(T item, Optional<Double> share) {
    public Shared {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(share, "share");
    }

    /** {@code item} with {@code bytes / wholeBytes}, none if {@code wholeBytes} is not positive. */
    public static <T> Shared<T> of(T item, long bytes, long wholeBytes) {
        return new Shared<>(item, Shares.ofWhole(bytes, wholeBytes));
    }

    /** The first {@code max} of {@code items}, in their order, each with its bytes over {@code wholeBytes}. */
    static <T> List<Shared<T>> first(List<T> items, int max, ToLongFunction<T> bytes, long wholeBytes) {
        return items.stream().limit(max).map(i -> of(i, bytes.applyAsLong(i), wholeBytes)).toList();
    }
}
