// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.stat.inference.GTest;

/** Runs {@link ShapeTest}s on the counted groups of a pair. Stateless. */
final class HistogramShapeTester {
    /** Significance level. */
    static final double ALPHA = 0.001;
    /** Least Cramér's V called a change of shape. */
    static final double MIN_EFFECT = 0.1;

    private HistogramShapeTester() {}

    /** The test for one group's counts, empty when fewer than two classes or one side has no items. */
    static Optional<ShapeTest> test(String layer, String group, List<MeasureDelta> deltas) {
        List<MeasureDelta> used = new ArrayList<>();
        for (MeasureDelta d : deltas) {
            if (d.beforeCount().isPresent() && d.afterCount().isPresent()
                    && d.beforeCount().getAsLong() + d.afterCount().getAsLong() > 0) {
                used.add(d);
            }
        }
        long[] before = used.stream().mapToLong(d -> d.beforeCount().getAsLong()).toArray();
        long[] after = used.stream().mapToLong(d -> d.afterCount().getAsLong()).toArray();
        long n1 = sum(before);
        long n2 = sum(after);
        if (used.size() < 2 || n1 == 0 || n2 == 0) {
            return Optional.empty();
        }
        GTest t = new GTest();
        double g = t.gDataSetsComparison(before, after);
        double p = t.gTestDataSetsComparison(before, after);
        double effect = Math.sqrt(g / (n1 + n2));
        int most = 0;
        double mostShift = -1;
        for (int i = 0; i < used.size(); i++) {
            double shift = Math.abs((double) after[i] / n2 - (double) before[i] / n1);
            if (shift > mostShift) {
                mostShift = shift;
                most = i;
            }
        }
        boolean changed = p < ALPHA && effect >= MIN_EFFECT;
        return Optional.of(new ShapeTest(layer, group, used.size(), n1 + n2, g, used.size() - 1, p, effect, changed,
                used.get(most).key().name(), (double) before[most] / n1, (double) after[most] / n2));
    }

    private static long sum(long[] xs) {
        long s = 0;
        for (long x : xs) {
            s += x;
        }
        return s;
    }
}
