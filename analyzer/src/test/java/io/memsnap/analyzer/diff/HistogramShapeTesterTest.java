// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.measure.MeasureKey;
import io.memsnap.analyzer.measure.MeasureKind;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HistogramShapeTesterTest {
    private static MeasureDelta d(String name, long order, long before, long after) {
        return new MeasureDelta(new MeasureKey("glibc", "size_class", name, order), MeasureKind.PART, before * 64,
                after * 64, OptionalLong.of(before), OptionalLong.of(after));
    }

    @Test
    void gStatisticAndPValueMatchAHandComputedTwoByTwoTable() {
        // before 10 | 20, after 30 | 20: expected counts 15 15 / 25 25;
        // G = 2 (10 ln 10/15 + 20 ln 20/15 + 30 ln 30/25 + 20 ln 20/25) = 5.41153209...; df 1: p = erfc(sqrt(G/2))
        ShapeTest t = HistogramShapeTester.test("glibc", "size_class", List.of(d("a", 0, 10, 30), d("b", 1, 20, 20)))
                .orElseThrow();
        assertEquals(5.4115320909768325, t.g(), 1e-9);
        assertEquals(1, t.degreesOfFreedom());
        assertEquals(0.020004151647263053, t.pValue(), 1e-9);
        assertEquals(Math.sqrt(5.4115320909768325 / 80), t.effect(), 1e-12);
        assertFalse(t.changed(), "p 0.02 is not below 0.001");
        assertEquals("a", t.mostShifted());
        assertEquals(1.0 / 3, t.shareBefore(), 1e-12);
        assertEquals(0.6, t.shareAfter(), 1e-12);
    }

    @Test
    void aLargeShiftInALargeSampleIsAChangeAndProportionalGrowthIsNot() {
        ShapeTest shifted = HistogramShapeTester.test("glibc", "size_class",
                List.of(d("small", 0, 9000, 9000), d("big", 1, 100, 3000))).orElseThrow();
        assertTrue(shifted.changed(), shifted.toString());
        // every class doubled: more chunks, same shape -> not a change of shape
        ShapeTest same = HistogramShapeTester.test("glibc", "size_class",
                List.of(d("small", 0, 9000, 18000), d("big", 1, 100, 200))).orElseThrow();
        assertEquals(0, same.g(), 1e-9);
        assertFalse(same.changed());
    }

    @Test
    void classesEmptyOnBothSidesAreLeftOutAndOneClassIsNoTest() {
        assertTrue(HistogramShapeTester.test("g", "h", List.of(d("a", 0, 5, 6), d("z", 1, 0, 0))).isEmpty());
        assertEquals(2, HistogramShapeTester.test("g", "h", List.of(d("a", 0, 5, 6), d("z", 1, 0, 0),
                d("b", 2, 1, 9))).orElseThrow().classes());
    }
}
