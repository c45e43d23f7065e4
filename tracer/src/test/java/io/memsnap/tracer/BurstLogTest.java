// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.tracer.perf.PerfRecording;
import org.junit.jupiter.api.Test;

class BurstLogTest {
    @Test
    void eachBurstWeighsItsOwnNTimesTheSamplePeriodAndTheTraceTakesTheLargest() {
        BurstLog log = new BurstLog();
        assertEquals(1, log.samplePeriod(), "before any burst");
        assertEquals(3, log.burst(3, 1, new PerfRecording.Calls(100, 10, 700)));
        assertEquals(140, log.burst(70, 2, new PerfRecording.Calls(9_000, 200, 900)));
        // the last burst keeps its own weight (N = 5, sample 2), not the largest one
        assertEquals(10, log.burst(5, 2, new PerfRecording.Calls(50, 30, -1)));
        assertEquals(140, log.samplePeriod(), "the largest weight of the window");
        assertEquals(3, log.bursts());
    }

    @Test
    void theArmedMeanIsOverTheWatchedBurstsOnly() {
        BurstLog log = new BurstLog();
        assertEquals(-1, log.meanArmedMillis());
        log.burst(1, 1, new PerfRecording.Calls(0, 0, 600));
        log.burst(1, 1, new PerfRecording.Calls(0, 0, -1)); // not watched: not a 0 in the mean
        log.burst(1, 1, new PerfRecording.Calls(0, 0, 900));
        assertEquals(750, log.meanArmedMillis());
    }

    @Test
    void theSummaryReportsTheTotalsItWasGiven() {
        BurstLog log = new BurstLog();
        log.burst(4, 1, new PerfRecording.Calls(1_200, 150, 600));
        log.burst(9, 1, new PerfRecording.Calls(3_400, 250, 800));
        String s = log.summary(TraceOptions.Bursts.DEFAULT, 1_234);
        assertTrue(s.startsWith("sampled in 2 bursts of 500 ms, one in every 4 to 9 bursts' time (a budget of 5.0% of the targets' CPU time"),
                s);
        assertTrue(s.contains("installed 700 ms per burst (mean); 4,600 allocation calls trapped in them, perf record "
                + "used 400 ms of CPU"), s);
        assertTrue(s.endsWith("1,234 ms of it after the window"), s);
    }

    @Test
    void burstsWhoseCallsWereNotCountedAreNamedNotSummedAsZero() {
        BurstLog log = new BurstLog();
        log.burst(4, 1, new PerfRecording.Calls(1_200, 150, 600));
        log.burst(4, 1, new PerfRecording.Calls(-1, 250, 800));
        String s = log.summary(TraceOptions.Bursts.DEFAULT, 0);
        assertTrue(s.contains("; 1,200 allocation calls trapped in them (not counted in 1: the kernel's uprobe hit "
                + "counters could not be read; there N was charged for perf record alone, never lowered), perf "
                + "record used 400 ms of CPU"), s);
    }
}
