// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.series;

import java.util.Objects;

/**
 * A straight-line fit of one component over time.
 *
 * @param points number of samples
 * @param slopeBytesPerSecond the Theil–Sen slope: the median of the slopes between every two samples, robust to a
 *     few outliers; what rates and time-to-limit use
 * @param olsSlopeBytesPerSecond the least-squares slope, for comparison
 * @param rSquared R² of the least-squares line: how straight the growth is (1 = a straight line)
 * @param good true when the line is trustworthy for extrapolation: enough points, R² high enough, growth beyond the
 *     noise floor
 * @param steps true when most of the growth happened in a few intervals (a step function: grows in steps)
 * @param verdict why the fit is good or not, in words
 */
public record GrowthFit(int points, double slopeBytesPerSecond, double olsSlopeBytesPerSecond, double rSquared,
        boolean good, boolean steps, String verdict) {
    /** Fewest samples for a fit that is used. */
    public static final int MIN_POINTS = 5;
    /** Least R² for a fit that is used. */
    public static final double MIN_R_SQUARED = 0.9;

    public GrowthFit {
        Objects.requireNonNull(verdict, "verdict");
    }
}
