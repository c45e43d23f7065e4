// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.series;

import io.memsnap.analyzer.measure.MeasureKey;
import java.util.List;
import java.util.Objects;

/**
 * One measure of all processes over time, with its fit.
 *
 * @param key the measure
 * @param bytes its value at each sample (0 where a sample lacked it)
 * @param fit the line through it
 */
public record ComponentSeries(MeasureKey key, List<Long> bytes, GrowthFit fit) {
    public ComponentSeries {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fit, "fit");
        bytes = List.copyOf(bytes);
    }
}
