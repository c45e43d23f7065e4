// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import io.memsnap.analyzer.findings.HumanUnits;
import java.time.Duration;

/** Words for changes over time: signed byte deltas, durations and rates. Locale-independent, stateless. */
public final class Spans {
    private Spans() {}

    /** {@code +312 MiB}, {@code -1.5 MiB}, {@code ±0 B}. */
    public static String signedBytes(long delta) {
        if (delta == 0) {
            return "±0 B";
        }
        return (delta > 0 ? "+" : "-") + HumanUnits.bytes(Math.abs(delta));
    }

    /** A change of a count: {@code +1,234}, {@code -5}, {@code ±0}, as {@link #signedBytes} signs bytes. */
    public static String signedCount(long delta) {
        if (delta == 0) {
            return "±0";
        }
        return (delta > 0 ? "+" : "-") + HumanUnits.count(Math.abs(delta));
    }

    /**
     * The relative change of {@code d} in words, as every diff renderer shows it: {@code +12%}, {@code -3.1%}
     * ({@link HumanUnits#percent} with a sign), {@code new}, {@code gone}, empty when both sides are 0.
     */
    public static String relative(MeasureDelta d) {
        if (d.beforeBytes() == 0) {
            return d.afterBytes() == 0 ? "" : "new";
        }
        if (d.afterBytes() == 0) {
            return "gone";
        }
        double r = d.relative().getAsDouble();
        return (r >= 0 ? "+" : "-") + HumanUnits.percent(Math.abs(r));
    }

    /** {@code 2 h 10 min}, {@code 10 min}, {@code 45 s}, {@code 3 d 4 h}. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long days = s / 86400;
        long hours = s % 86400 / 3600;
        long minutes = s % 3600 / 60;
        if (days > 0) {
            return days + " d" + (hours > 0 ? " " + hours + " h" : "");
        }
        if (hours > 0) {
            return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
        }
        if (minutes > 0) {
            return minutes + " min" + (s % 60 > 0 && minutes < 10 ? " " + s % 60 + " s" : "");
        }
        return s + " s";
    }

    /** A rate in the unit that reads best: {@code +144 MiB/h} below 1 GiB/h, {@code +20.0 MiB/min} below 1 MiB/s, {@code +12.0 MiB/s}. */
    public static String rate(double bytesPerSecond) {
        double abs = Math.abs(bytesPerSecond);
        if (abs >= 1 << 20) {
            return signedBytes(Math.round(bytesPerSecond)) + "/s";
        }
        if (abs * 3600 >= 1 << 30) {
            return signedBytes(Math.round(bytesPerSecond * 60)) + "/min";
        }
        return signedBytes(Math.round(bytesPerSecond * 3600)) + "/h";
    }
}
