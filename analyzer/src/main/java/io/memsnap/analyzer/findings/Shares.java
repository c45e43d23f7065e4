// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

/** Fractions of a whole, safe against an empty whole. Stateless. */
public final class Shares {
    private Shares() {}

    /** {@code part / whole} as a fraction, 0 if {@code whole} is not positive. */
    public static double of(long part, long whole) {
        return whole <= 0 ? 0.0 : (double) part / (double) whole;
    }
}
