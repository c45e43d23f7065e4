// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.series;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * When RSS reaches the limit at the fitted rate, or why that is not stated.
 *
 * @param limitBytes the limit: the cgroup memory limit, or current RSS plus MemAvailable; empty if neither is known
 * @param limitSource {@code cgroup memory limit}, {@code MemAvailable} or {@code none}
 * @param currentBytes RSS of all processes at the last sample
 * @param seconds seconds from the last sample until the limit, present only when the fit is good
 * @param text the estimate or the reason there is none, in words
 */
public record TimeToLimit(OptionalLong limitBytes, String limitSource, long currentBytes, OptionalDouble seconds,
        String text) {
    public TimeToLimit {
        Objects.requireNonNull(limitBytes, "limitBytes");
        Objects.requireNonNull(limitSource, "limitSource");
        Objects.requireNonNull(seconds, "seconds");
        Objects.requireNonNull(text, "text");
    }
}
