// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memsnap.snapshot.model.ProcStatus;
import org.junit.jupiter.api.Test;

class ProcStatusParserTest {
    // captured from `cat /proc/self/status` on Debian 12, kernel 6.18 (trimmed after ShdPnd)
    private static final String STATUS = """
            Name:\tcat
            Umask:\t0022
            State:\tR (running)
            Tgid:\t8364
            PPid:\t8362
            TracerPid:\t0
            Uid:\t0\t0\t0\t0
            VmPeak:\t    3060 kB
            VmSize:\t    3060 kB
            VmLck:\t       0 kB
            VmHWM:\t    1680 kB
            VmRSS:\t    1672 kB
            RssAnon:\t     112 kB
            RssFile:\t    1560 kB
            RssShmem:\t       0 kB
            VmData:\t     360 kB
            VmSwap:\t       8 kB
            HugetlbPages:\t       0 kB
            Threads:\t1
            SigQ:\t0/96365
            """;

    @Test
    void parsesTheMemoryCountersInBytes() {
        assertEquals(new ProcStatus(3060 * 1024L, 1672 * 1024L, 1680 * 1024L, 112 * 1024L, 1560 * 1024L, 0,
                8 * 1024L, 1), ProcStatusParser.parse(STATUS));
    }

    @Test
    void kernelThreadWithoutMemoryFieldsIsAllZero() {
        String kthread = "Name:\tkworker/0:1\nState:\tI (idle)\nThreads:\t1\n";
        assertEquals(new ProcStatus(0, 0, 0, 0, 0, 0, 0, 1), ProcStatusParser.parse(kthread));
    }
}
