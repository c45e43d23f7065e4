// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatTest {
    @Test
    void parsesStateAndParent() {
        // captured from /proc/PID/stat of `sleep 100`
        ProcStat s = ProcStat.parse("8367 (sleep) S 8362 8362 3522 0 -1 4194304 131 0 0 0 0 0 0 0 20 0 1 0 63691"
                + " 2990080 412 18446744073709551615 93868392390656 93868392408585 140734504837408 0 0 0 0 6 0 1 0 0"
                + " 17 1 0 0 0 0 0 93868392422672 93868392423936 93868695650304 140734504844007 140734504844017"
                + " 140734504844017 140734504845289 0\n");
        assertEquals(new ProcStat(8367, "sleep", 'S', 8362, 4194304, 0), s);
        assertFalse(s.kernelThread());
    }

    @Test
    void commWithSpacesAndParenthesesIsTakenUpToTheLastParenthesis() {
        ProcStat s = ProcStat.parse("42 (nginx: a) b) t 7 42 42 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 1 2 3 4 5 6 7"
                + " 140734504837408 9 10");
        assertEquals("nginx: a) b", s.comm());
        assertEquals('t', s.state());
        assertEquals(7, s.ppid());
        assertEquals(140734504837408L, s.stackPointer());
        assertTrue(s.stopped());
    }

    @Test
    void kernelThreadFlag() {
        // captured from /proc/2/stat (kthreadd)
        assertTrue(ProcStat.parse("2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 10 0 0"
                + " 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0")
                .kernelThread());
    }

    @Test
    void rejectsGarbage() {
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("hello"));
    }
}
