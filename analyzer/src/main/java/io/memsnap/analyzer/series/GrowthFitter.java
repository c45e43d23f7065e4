// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.series;

import io.memsnap.analyzer.diff.NoiseFloor;
import io.memsnap.analyzer.diff.Spans;
import io.memsnap.analyzer.findings.HumanUnits;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.stat.descriptive.rank.Median;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Fits a line to one component's values over time: Theil–Sen for the slope, least squares for R², and says in words
 * whether the line can be extrapolated (too few points, no growth beyond noise, a sawtooth, a poor fit). Stateless.
 */
public final class GrowthFitter {
    private GrowthFitter() {}

    /**
     * The fit of {@code values} (bytes) at {@code seconds} (since the first sample, ascending).
     *
     * @throws IllegalArgumentException if the arrays differ in length
     */
    public static GrowthFit fit(double[] seconds, double[] values) {
        if (seconds.length != values.length) {
            throw new IllegalArgumentException(seconds.length + " times but " + values.length + " values");
        }
        int n = values.length;
        if (n < 2) {
            return new GrowthFit(n, 0, 0, 0, false, false, "too few points (" + n + " < " + GrowthFit.MIN_POINTS + ")");
        }
        SimpleRegression ols = new SimpleRegression();
        for (int i = 0; i < n; i++) {
            ols.addData(seconds[i], values[i]);
        }
        double slope = theilSen(seconds, values);
        double r2 = Double.isNaN(ols.getRSquare()) ? 0 : ols.getRSquare();
        boolean steps = steps(values);
        String verdict;
        boolean good = false;
        double span = seconds[n - 1] - seconds[0];
        long growth = Math.round(slope * span);
        if (n < GrowthFit.MIN_POINTS) {
            verdict = "too few points (" + n + " < " + GrowthFit.MIN_POINTS + ")";
        } else if (!NoiseFloor.exceeded((long) values[0], growth) || slope <= 0) {
            verdict = "no growth: " + Spans.signedBytes(growth) + " over the window, within the noise floor of "
                    + HumanUnits.bytes(NoiseFloor.of((long) values[0])) + " or falling";
        } else if (r2 < GrowthFit.MIN_R_SQUARED) {
            verdict = String.format(Locale.ROOT, "poor fit: R² %.2f < %.2f", r2, GrowthFit.MIN_R_SQUARED)
                    + (sawtooth(values) ? " (sawtooth: values rise and fall, e.g. GC cycles)" : " (irregular growth)");
        } else {
            good = true;
            verdict = String.format(Locale.ROOT, "%s, R² %.2f over %d points", Spans.rate(slope), r2, n)
                    + (steps ? ", in steps" : "");
        }
        return new GrowthFit(n, slope, ols.getSlope(), r2, good, steps, verdict);
    }

    /** The median of the slopes between every two points with different times. */
    static double theilSen(double[] x, double[] y) {
        int n = x.length;
        double[] slopes = new double[n * (n - 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (x[j] != x[i]) {
                    slopes[k++] = (y[j] - y[i]) / (x[j] - x[i]);
                }
            }
        }
        return k == 0 ? 0 : new Median().evaluate(Arrays.copyOf(slopes, k));
    }

    /** More than 60% of the total rise in at most a quarter of the intervals. */
    static boolean steps(double[] y) {
        double[] rises = new double[y.length - 1];
        double total = 0;
        for (int i = 1; i < y.length; i++) {
            rises[i - 1] = Math.max(0, y[i] - y[i - 1]);
            total += rises[i - 1];
        }
        if (total <= 0 || rises.length < 4) {
            return false;
        }
        Arrays.sort(rises);
        double top = 0;
        for (int i = 0; i < rises.length / 4; i++) {
            top += rises[rises.length - 1 - i];
        }
        return top > 0.6 * total;
    }

    /** Direction changes in at least a third of the intervals. */
    static boolean sawtooth(double[] y) {
        int changes = 0;
        int last = 0;
        for (int i = 1; i < y.length; i++) {
            int dir = Double.compare(y[i], y[i - 1]);
            if (dir != 0 && last != 0 && dir != last) {
                changes++;
            }
            if (dir != 0) {
                last = dir;
            }
        }
        return changes * 3 >= y.length - 1;
    }
}
