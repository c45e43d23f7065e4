// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChooseEveryTest {
    private static final TraceOptions.Bursts B = new TraceOptions.Bursts(500, 0.05, 10_000, 0);

    @Test
    void anIdleTargetIsLimitedOnlyByTheBurstsOwnSpacing() {
        assertEquals(1, Tracer.chooseEvery(0, 0.0, 0, B, 400));
        assertEquals(5, Tracer.chooseEvery(0, 0.0, 0, B, 2200)); // perf ran 2.2 s for a 500 ms burst
    }

    @Test
    void theTrapsStayWithinTheBudgetOfABusyTargetsCpu() {
        // one CPU busy: 40,000 traps * 10 us = 400 ms per burst; 5% of N * 500 ms must cover it: N = 16
        assertEquals(16, Tracer.chooseEvery(40_000, 1.0, 0, B, 1000));
        // one more trap tips it over: 400.01 ms needs N = 17
        assertEquals(17, Tracer.chooseEvery(40_001, 1.0, 0, B, 1000));
        // the same traps at 1 us each: 40 ms, N = 2
        assertEquals(2, Tracer.chooseEvery(40_000, 1.0, 0, new TraceOptions.Bursts(500, 0.05, 1_000, 0), 1000));
        assertEquals(10_000, Tracer.chooseEvery(Long.MAX_VALUE / 1_000_000, 1.0, 0, B, 1000), "bounded");
    }

    @Test
    void aTargetUsingPartOfACpuBearsTheSameTrapsAsALargerShareOfItsTime() {
        // the target uses a quarter of a CPU: 400 ms of traps are 5% of 8 s of its CPU, 32 s of wall: N = 64
        assertEquals(64, Tracer.chooseEvery(40_000, 0.25, 0, B, 1000));
        // four busy workers share the traps of one burst: N = 4
        assertEquals(4, Tracer.chooseEvery(40_000, 4.0, 0, B, 1000));
        // a target using less than a quarter of a CPU is charged as a quarter: 4,000 traps, 40 ms, are 160 ms: N = 7
        assertEquals(7, Tracer.chooseEvery(4_000, 0.0, 0, B, 400));
        assertEquals(7, Tracer.chooseEvery(4_000, 0.1, 0, B, 400));
    }

    @Test
    void perfRecordsOwnCpuIsChargedAgainstOneCpu() {
        // 400 ms of traps (one busy CPU) plus 200 ms of perf record's CPU: 600 ms needs N = 24
        assertEquals(24, Tracer.chooseEvery(40_000, 1.0, 200, B, 1000));
        // perf's CPU alone, whatever the target's share: 100 ms needs N = 4
        assertEquals(4, Tracer.chooseEvery(0, 0.25, 100, B, 1000));
        // a budget of 10% halves N
        assertEquals(12, Tracer.chooseEvery(40_000, 1.0, 200, new TraceOptions.Bursts(500, 0.10, 10_000, 0), 1000));
    }

    @Test
    void aCheapBurstNeverBringsTheBurstsCloserThanPerfsOwnRun() {
        // perf ran 2 s: N >= 4 whatever the cost
        assertEquals(4, Tracer.chooseEvery(10, 1.0, 0, B, 2000));
    }

    @Test
    void theBusyShareIsTakenOverTheGapBeforeTheBurstWhenThereIsOne() {
        // 3 s of target CPU in a 10 s gap: 0.3 of a CPU, whatever the burst says
        assertEquals(0.3, Tracer.busyShare(3_000, 10_000, 900, 1000), 1e-9);
        // no gap (the first burst, or a gap under 100 ms): the burst's own CPU, traps taken out, over its wall time
        assertEquals(0.5, Tracer.busyShare(0, 0, 500, 1000), 1e-9);
        assertEquals(0.5, Tracer.busyShare(99, 99, 500, 1000), 1e-9);
        // more traps estimated than the target used: not negative
        assertEquals(0.0, Tracer.busyShare(0, 0, -300, 1000), 1e-9);
    }
}
