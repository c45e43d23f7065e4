// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import java.util.Objects;

/**
 * A G-test of independence on a 2 x k table (snapshot x size class) of item counts: did the shape of a histogram
 * change, not just its size? With millions of chunks any change is "significant", so a change is called only when
 * it is also large: Cramér's V (here {@code sqrt(G / N)}, which for 2 rows is the same as {@code sqrt(chi² / N)}
 * to first order) of at least {@link HistogramShapeTester#MIN_EFFECT}.
 *
 * @param layer the layer of the histogram
 * @param group the group of the histogram
 * @param classes the number of classes that had items on either side (k)
 * @param totalCount N, items on both sides
 * @param g the G statistic, {@code 2 * sum(O * ln(O / E))}
 * @param degreesOfFreedom {@code k - 1}
 * @param pValue the chance of a G this large if the shape had not changed
 * @param effect Cramér's V
 * @param changed true when {@code pValue < } {@link HistogramShapeTester#ALPHA} and the effect is large enough
 * @param mostShifted the class whose share of items changed most
 * @param shareBefore that class's share of items before (0..1)
 * @param shareAfter its share after (0..1)
 */
public record ShapeTest(String layer, String group, int classes, long totalCount, double g, int degreesOfFreedom,
        double pValue, double effect, boolean changed, String mostShifted, double shareBefore, double shareAfter) {
    public ShapeTest {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(mostShifted, "mostShifted");
    }
}
