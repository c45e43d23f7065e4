// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ThreadStackPointersTest {
    @Test
    void inASystemCallTheStackPointerIsSecondToLast() {
        // captured from /proc/PID/syscall of `sleep 100` (clock_nanosleep)
        assertEquals(OptionalLong.of(0x7fff4e2b1f18L), ThreadStackPointers.parseSyscall(
                "230 0x0 0x0 0x7fff4e2b1f30 0x7fff4e2b1f70 0x0 0x0 0x7fff4e2b1f18 0x7fd024300503\n"));
    }

    @Test
    void blockedOutsideASystemCall() {
        assertEquals(OptionalLong.of(0x7ffc1234L), ThreadStackPointers.parseSyscall("-1 0x7ffc1234 0x401000\n"));
    }

    @Test
    void runningThreadHasNoStackPointer() {
        assertEquals(OptionalLong.empty(), ThreadStackPointers.parseSyscall("running\n"));
        assertEquals(OptionalLong.empty(), ThreadStackPointers.parseSyscall(""));
    }
}
