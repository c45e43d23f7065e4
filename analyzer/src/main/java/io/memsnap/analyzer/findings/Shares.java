// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import java.util.Optional;

/** Fractions of a whole, safe against an empty whole. Stateless. */
public final class Shares {
    private Shares() {}

    /** {@code part / whole} as a fraction, 0 if {@code whole} is not positive. */
    public static double of(long part, long whole) {
        return whole <= 0 ? 0.0 : (double) part / (double) whole;
    }

    /** {@code part / whole} as a fraction; empty (no share exists) if {@code whole} is not positive. */
    public static Optional<Double> ofWhole(long part, long whole) {
        return whole <= 0 ? Optional.empty() : Optional.of(of(part, whole));
    }

    /**
     * {@code residentBytes / rssBytes}, only from resident bytes: empty when they are not known (an old snapshot),
     * RSS is not positive, or they exceed RSS (a share past 100% is refused, whatever produced it).
     */
    public static Optional<Double> ofRss(Optional<Long> residentBytes, long rssBytes) {
        return residentBytes.filter(r -> rssBytes > 0 && r >= 0 && r <= rssBytes).map(r -> of(r, rssBytes));
    }
}
