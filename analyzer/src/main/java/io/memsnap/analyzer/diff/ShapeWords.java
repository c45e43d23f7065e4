// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import io.memsnap.analyzer.findings.HumanUnits;
import java.util.Locale;

/** A {@link ShapeTest} in words, with the test, its numbers and how sure it is. Stateless. */
final class ShapeWords {
    private ShapeWords() {}

    static DiffFinding finding(ShapeTest t) {
        String what = t.layer() + " " + t.group().replace('_', ' ') + " histogram";
        String stats = String.format(Locale.ROOT, "G-test on %s items in %d classes: G = %.1f, df = %d, %s, "
                + "Cramér's V = %.3f", HumanUnits.count(t.totalCount()), t.classes(), t.g(), t.degreesOfFreedom(),
                p(t.pValue()), t.effect());
        String shift = t.mostShifted() + " went from " + HumanUnits.percent(t.shareBefore()) + " to "
                + HumanUnits.percent(t.shareAfter()) + " of items";
        if (t.changed()) {
            return new DiffFinding("shape.changed", "The shape of the " + what + " changed: " + shift + " ("
                    + stats + "; called a change because p < " + HistogramShapeTester.ALPHA + " and V >= "
                    + HistogramShapeTester.MIN_EFFECT + ").", 0);
        }
        String why = t.pValue() >= HistogramShapeTester.ALPHA
                ? "not significant at p < " + HistogramShapeTester.ALPHA
                : "significant but small (V < " + HistogramShapeTester.MIN_EFFECT + ")";
        return new DiffFinding("shape.unchanged", "The shape of the " + what + " did not change beyond noise ("
                + stats + ": " + why + "); largest shift: " + shift + ".", 0);
    }

    /** {@code p = 0.042}, {@code p < 1e-12}. */
    static String p(double p) {
        if (p < 1e-12) {
            return "p < 1e-12";
        }
        return p < 0.001 ? String.format(Locale.ROOT, "p = %.1e", p) : String.format(Locale.ROOT, "p = %.3f", p);
    }
}
