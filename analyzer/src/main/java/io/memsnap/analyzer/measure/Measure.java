// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.measure;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One keyed number of one process: what a diff compares, a series plots and a feed exports. Immutable.
 *
 * @param key which layer, group and item this is
 * @param kind how it adds up with its neighbours
 * @param bytes bytes (resident bytes for {@link MeasureKind#RESIDENT}, chunk or object bytes otherwise), never
 *     negative
 * @param count how many items (chunks, objects), empty where the layer does not count items
 */
public record Measure(MeasureKey key, MeasureKind kind, long bytes, OptionalLong count) {
    public Measure {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(count, "count");
        if (bytes < 0) {
            throw new IllegalArgumentException("negative bytes for " + key + ": " + bytes);
        }
    }

    /** A measure with bytes only. */
    public static Measure of(MeasureKey key, MeasureKind kind, long bytes) {
        return new Measure(key, kind, bytes, OptionalLong.empty());
    }

    /** A measure with bytes and an item count. */
    public static Measure counted(MeasureKey key, MeasureKind kind, long bytes, long count) {
        return new Measure(key, kind, bytes, OptionalLong.of(count));
    }
}
