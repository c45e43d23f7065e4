// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import java.util.Locale;
import java.util.Optional;

/**
 * How memsnap writes numbers for people: binary byte units (KiB, MiB, GiB, ...) with about three significant digits,
 * and percentages. Always {@link Locale#ROOT}, so output does not depend on the machine. Stateless.
 */
public final class HumanUnits {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private HumanUnits() {}

    /** {@code 812 MiB}, {@code 30.4 MiB}, {@code 1.2 GiB}, {@code 512 B}. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        String number = v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
        return number + " " + UNITS[unit];
    }

    /** A power-of-two size without decimals where exact ({@code 256 KiB}), else as {@link #bytes}. */
    public static String exact(long bytes) {
        int unit = 0;
        long v = bytes;
        while (v >= 1024 && v % 1024 == 0 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return unit == 0 && bytes >= 1024 ? bytes(bytes) : v + " " + UNITS[unit];
    }

    /** A size range, {@code 256–512 KiB} or {@code 512 KiB–1 MiB}. */
    public static String range(long minBytes, long maxBytes) {
        String lo = exact(minBytes);
        String hi = exact(maxBytes);
        String loUnit = lo.substring(lo.indexOf(' ') + 1);
        String hiUnit = hi.substring(hi.indexOf(' ') + 1);
        if (loUnit.equals(hiUnit)) {
            return lo.substring(0, lo.indexOf(' ')) + "–" + hi;
        }
        return lo + "–" + hi;
    }

    /** A share that may not exist as {@link #percent(double)}; blank when there is none. */
    public static String percent(Optional<Double> fraction) {
        return fraction.map(HumanUnits::percent).orElse("");
    }

    /** A fraction (0..1) as a percentage: {@code 93%}, {@code 2.4%}, {@code <0.1%}, {@code 0%}. */
    public static String percent(double fraction) {
        double p = fraction * 100;
        if (p >= 10) {
            return String.format(Locale.ROOT, "%.0f%%", p);
        }
        if (p >= 0.1) {
            return String.format(Locale.ROOT, "%.1f%%", p);
        }
        return p > 0 ? "<0.1%" : "0%";
    }

    /** A count with thousands separators, {@code 2,240}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
