// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatCountTest {
    @Test
    void sumsTheCountsAndKeepsTheLongestTimeRunning() {
        // perf stat -x, output captured on the development VM (nginx worker under wrk, 500 ms burst)
        String csv = "# started on Sun Dec  6 09:36:05 2026\n\n"
                + "7436,,exp_libc:malloc__return,75991251,100.00,,\n"
                + "12,,exp_libc:calloc__return,75991251,100.00,,\n"
                + "0,,exp_libc:realloc__return,75990000,100.00,,\n"
                + "<not counted>,,exp_libc:memalign__return,0,100.00,,\n";
        assertEquals(new PerfRecording.Calls(7448, 75_991_251L, -1), PerfRecording.statCount(csv));
    }

    @Test
    void nothingCountedIsZero() {
        assertEquals(new PerfRecording.Calls(0, 0, -1), PerfRecording.statCount("<not counted>,,g:malloc__return,0,,,\n"));
    }
}
