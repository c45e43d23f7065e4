// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.series;

import static io.memsnap.analyzer.diff.Snaps.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.diff.Snaps;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SeriesAnalyzerTest {
    private static List<SeriesSample> growing(long stepMib, Optional<Long> limit, OptionalLong memAvailable) {
        List<SeriesSample> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            var p = Snaps.process(5, Role.LUAJIT, Map.of(Category.LUAJIT_FREE_RESIDENT, (100 + i * stepMib) * MIB),
                    Optional.empty(), Optional.empty(), limit);
            out.add(new SeriesSample(Snaps.at(String.format("2026-11-21T00:%02d:00Z", i), p), memAvailable));
        }
        return out;
    }

    @Test
    void timeToTheCgroupLimitIsTheGapOverTheSlope() {
        // 100..150 MiB in 5 min (10 MiB/min), limit 200 MiB: 50 MiB left / 10 MiB per min = 5 min
        SeriesAnalysis a = new SeriesAnalyzer().analyze(growing(10, Optional.of(200 * MIB), OptionalLong.empty()));
        assertEquals(300.0, a.timeToLimit().seconds().getAsDouble(), 1e-6);
        assertEquals("Time to the 200 MiB cgroup limit ≈ 5 min at +600 MiB/h (R² 1.00).", a.timeToLimit().text());
        assertEquals("RSS grows at +600 MiB/h over 5 min (Theil–Sen, R² 1.00); mostly LuaJIT free, resident "
                + "(+600 MiB/h).", a.findings().get(0));
    }

    @Test
    void withoutALimitMemAvailableIsTheBudget() {
        // 150 MiB now, 600 MiB available: 600 / 10 = 60 min
        SeriesAnalysis a = new SeriesAnalyzer().analyze(growing(10, Optional.empty(), OptionalLong.of(600 * MIB)));
        assertEquals(3600.0, a.timeToLimit().seconds().getAsDouble(), 1e-6);
        assertTrue(a.timeToLimit().text().startsWith("Time until MemAvailable (600 MiB) is used up ≈ 1 h at"),
                a.timeToLimit().text());
    }

    @Test
    void aSteadySeriesStatesNoTimeToLimit() {
        SeriesAnalysis a = new SeriesAnalyzer().analyze(growing(0, Optional.of(200 * MIB), OptionalLong.empty()));
        assertTrue(a.timeToLimit().seconds().isEmpty());
        assertTrue(a.timeToLimit().text().startsWith("No time to the 200 MiB cgroup limit: the RSS fit is not good "
                + "enough (no growth"), a.timeToLimit().text());
    }
}
