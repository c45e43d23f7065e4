// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChooseEveryTest {
    private static final TraceOptions.Bursts B = new TraceOptions.Bursts(500, 0.05, 10_000, 0);

    @Test
    void anIdleTargetIsLimitedOnlyByTheBurstsOwnSpacing() {
        assertEquals(1, Tracer.chooseEvery(0, 0, B, 400));
        assertEquals(5, Tracer.chooseEvery(0, 0, B, 2200)); // perf ran 2.2 s for a 500 ms burst
    }

    @Test
    void theTrapsOfTheBurstStayWithinTheBudget() {
        // 40,000 traps * 10 us = 400 ms of target time per burst; 5% of N * 500 ms must cover it: N = 16
        assertEquals(16, Tracer.chooseEvery(40_000, 0, B, 1000));
        // one more trap tips it over: 400.01 ms needs N = 17
        assertEquals(17, Tracer.chooseEvery(40_001, 0, B, 1000));
        // the same traps at 1 us each: 40 ms, N = 2
        assertEquals(2, Tracer.chooseEvery(40_000, 0, new TraceOptions.Bursts(500, 0.05, 1_000, 0), 1000));
        assertEquals(10_000, Tracer.chooseEvery(Long.MAX_VALUE / 1_000_000, 0, B, 1000), "bounded");
    }

    @Test
    void perfRecordsOwnCpuIsChargedBesideTheTraps() {
        // 400 ms of traps plus 200 ms of perf record's CPU: 600 ms needs N = 24
        assertEquals(24, Tracer.chooseEvery(40_000, 200, B, 1000));
        // perf's CPU alone: 100 ms needs N = 4
        assertEquals(4, Tracer.chooseEvery(0, 100, B, 1000));
        // a budget of 10% halves N
        assertEquals(12, Tracer.chooseEvery(40_000, 200, new TraceOptions.Bursts(500, 0.10, 10_000, 0), 1000));
    }

    @Test
    void aCheapBurstNeverBringsTheBurstsCloserThanPerfsOwnRun() {
        // perf ran 2 s: N >= 4 whatever the cost
        assertEquals(4, Tracer.chooseEvery(10, 0, B, 2000));
    }
}
