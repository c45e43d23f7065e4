// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GrowthFitterTest {
    private static final double MIB = 1 << 20;

    @Test
    void theilSenIsTheMedianOfPairwiseSlopesAndRSquaredIsOls() {
        // slopes 1, 1, 10/3, 1, 4.5, 8 -> median (1 + 10/3) / 2; OLS slope 3.1, R² 0.76573705...
        double[] x = {0, 1, 2, 3};
        double[] y = {0, 1, 2, 10};
        assertEquals((1 + 10.0 / 3) / 2, GrowthFitter.theilSen(x, y), 1e-12);
        GrowthFit f = GrowthFitter.fit(x, y);
        assertEquals(3.1, f.olsSlopeBytesPerSecond(), 1e-12);
        assertEquals(0.7657370517928287, f.rSquared(), 1e-12);
        assertFalse(f.good());
        assertEquals("too few points (4 < 5)", f.verdict());
    }

    @Test
    void aStraightLineIsGoodAndASawtoothIsNot() {
        double[] t = {0, 60, 120, 180, 240, 300};
        GrowthFit line = GrowthFitter.fit(t, new double[] {100 * MIB, 110 * MIB, 120 * MIB, 130 * MIB, 140 * MIB,
                150 * MIB});
        assertTrue(line.good(), line.verdict());
        assertEquals(10 * MIB / 60, line.slopeBytesPerSecond(), 1e-6);
        assertEquals("+600 MiB/h, R² 1.00 over 6 points", line.verdict());
        GrowthFit saw = GrowthFitter.fit(t, new double[] {100 * MIB, 160 * MIB, 110 * MIB, 170 * MIB, 120 * MIB,
                180 * MIB});
        assertFalse(saw.good());
        assertTrue(saw.verdict().startsWith("poor fit: R² 0.") && saw.verdict().contains("sawtooth"), saw.verdict());
    }

    @Test
    void flatWithinNoiseIsNoGrowthAndStepsAreRecognised() {
        double[] t = {0, 60, 120, 180, 240, 300, 360, 420, 480};
        GrowthFit flat = GrowthFitter.fit(t, new double[] {100 * MIB, 100.2 * MIB, 100.1 * MIB, 100.3 * MIB,
                100 * MIB, 100.2 * MIB, 100.1 * MIB, 100.3 * MIB, 100.2 * MIB});
        assertFalse(flat.good());
        assertTrue(flat.verdict().startsWith("no growth"), flat.verdict());
        assertTrue(GrowthFitter.steps(new double[] {0, 0, 0, 50, 50, 50, 50, 100, 100}));
        assertFalse(GrowthFitter.steps(new double[] {0, 10, 20, 30, 40, 50, 60, 70, 80}));
    }
}
