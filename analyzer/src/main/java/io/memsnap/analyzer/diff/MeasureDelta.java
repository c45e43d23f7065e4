// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import io.memsnap.analyzer.measure.MeasureKey;
import io.memsnap.analyzer.measure.MeasureKind;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One measure before and after. A measure absent on one side counts as 0 bytes there (a new size class, a vanished
 * arena).
 *
 * @param key what was measured
 * @param kind how it adds up with its group
 * @param beforeBytes bytes in the first snapshot
 * @param afterBytes bytes in the second snapshot
 * @param beforeCount items in the first snapshot, empty if not counted
 * @param afterCount items in the second snapshot, empty if not counted
 */
public record MeasureDelta(MeasureKey key, MeasureKind kind, long beforeBytes, long afterBytes,
        OptionalLong beforeCount, OptionalLong afterCount) {
    public MeasureDelta {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(beforeCount, "beforeCount");
        Objects.requireNonNull(afterCount, "afterCount");
    }

    /** {@code after - before} in bytes. */
    public long deltaBytes() {
        return afterBytes - beforeBytes;
    }

    /** {@code after / before - 1}, empty when there was nothing before. */
    public OptionalDouble relative() {
        return beforeBytes == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) afterBytes / beforeBytes - 1);
    }

    /** {@code after - before} in items, empty unless both sides counted. */
    public OptionalLong deltaCount() {
        return beforeCount.isPresent() && afterCount.isPresent()
                ? OptionalLong.of(afterCount.getAsLong() - beforeCount.getAsLong())
                : OptionalLong.empty();
    }
}
