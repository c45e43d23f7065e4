// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChooseEveryTest {
    private static final TraceOptions.Bursts B = new TraceOptions.Bursts(500, 0.05, 10_000, 0);

    @Test
    void anIdleTargetIsLimitedOnlyByTheBurstsOwnSpacing() {
        assertEquals(1, Tracer.chooseEvery(0, 0, B, 400, 400));
        assertEquals(5, Tracer.chooseEvery(0, 500_000_000L, B, 2200, 2200)); // perf ran 2.2 s for a 500 ms burst
    }

    @Test
    void theTrapsOfTheWholeArmedTimeStayWithinTheBudget() {
        // 10,000 traps counted over 500 ms, armed 2 s: 40,000 traps * 10 us = 400 ms of target time per burst;
        // 5% of N * 500 ms must cover it: N = 16
        assertEquals(16, Tracer.chooseEvery(10_000, 500_000_000L, B, 2000, 2000));
        // the same traps at 1 us each: 40 ms, N = 2 (the spacing, 4, wins)
        assertEquals(4, Tracer.chooseEvery(10_000, 500_000_000L, new TraceOptions.Bursts(500, 0.05, 1_000, 0),
                2000, 2000));
        assertEquals(10_000, Tracer.chooseEvery(Long.MAX_VALUE / 1_000_000, 500_000_000L, B, 2000, 2000), "bounded");
    }

    @Test
    void theRateIsTakenOverTheTimeTheCountersRanNotTheBurst() {
        // perf stat's counters ran 100 ms of the 500 ms burst: 10,000 traps in 100 ms is 5 times the rate above
        assertEquals(80, Tracer.chooseEvery(10_000, 100_000_000L, B, 2000, 2000));
        // not counted at all (time running unknown): the burst's length
        assertEquals(16, Tracer.chooseEvery(10_000, 0, B, 2000, 2000));
    }

    @Test
    void onlyTheTimeTheBreakpointsWereInIsCharged() {
        // perf ran 2 s but its breakpoints were in for 800 ms: 16,000 traps * 10 us = 160 ms; N = 7
        assertEquals(7, Tracer.chooseEvery(10_000, 500_000_000L, B, 800, 2000));
        // a short armed time never brings the bursts closer than perf's own run (2 s: N >= 4)
        assertEquals(4, Tracer.chooseEvery(10, 500_000_000L, B, 800, 2000));
    }
}
