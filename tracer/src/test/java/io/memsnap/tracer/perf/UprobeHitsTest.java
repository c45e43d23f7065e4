// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UprobeHitsTest {
    // two groups with the same event names (two memsnaps) on the same libc: only the position tells them apart
    private static final String EVENTS = "r:memsnap_11_libc/malloc__return /usr/lib/x86_64-linux-gnu/libc.so.6:0x0000000000098930 ret=$retval:u64 csize=+-8($retval):u64\n"
            + "r:memsnap_22_libc/malloc__return /usr/lib/x86_64-linux-gnu/libc.so.6:0x0000000000098930 ret=$retval:u64\n"
            + "p:memsnap_22_libc/free /usr/lib/x86_64-linux-gnu/libc.so.6:0x0000000000098f20 ptr=%di:u64\n";
    // uprobe_profile as this kernel prints it
    private static final String PROFILE = "  /usr/lib/x86_64-linux-gnu/libc.so.6 malloc__return                                                        238\n"
            + "  /usr/lib/x86_64-linux-gnu/libc.so.6 malloc__return                                                          7\n"
            + "  /usr/lib/x86_64-linux-gnu/libc.so.6 free                                                                    0\n";

    @Test
    void profileLinesPairWithDefinitionsByPosition() {
        assertEquals(Map.of("memsnap_11_libc/malloc__return", 238L, "memsnap_22_libc/malloc__return", 7L,
                "memsnap_22_libc/free", 0L), UprobeHits.parse(EVENTS, PROFILE));
    }

    @Test
    void aDefinitionAddedBetweenTheReadsIsNoPair() {
        assertNull(UprobeHits.parse(EVENTS, PROFILE.substring(0, PROFILE.lastIndexOf("  /usr"))));
        assertNull(UprobeHits.parse(EVENTS, PROFILE.replace(" free ", " calloc__return ")));
    }

    @Test
    void hitsBetweenTwoReadingsCountTheGivenProbesOnly() {
        Probe mine = new Probe("memsnap_11_libc", "malloc", "/x/libc.so.6", "malloc", 0x98930, true, "", true, "");
        Probe gone = new Probe("memsnap_11_libc", "calloc", "/x/libc.so.6", "calloc", 0x9a3c0, true, "", true, "");
        Map<String, Long> before = Map.of("memsnap_11_libc/malloc__return", 238L, "memsnap_22_libc/malloc__return", 7L);
        Map<String, Long> after = Map.of("memsnap_11_libc/malloc__return", 1_238L, "memsnap_22_libc/malloc__return", 99L);
        assertEquals(1_000, UprobeHits.between(before, after, List.of(mine, gone)));
    }

    @Test
    void aReadingThatFoundNoCountersIsUnknownNotZero() {
        Probe mine = new Probe("memsnap_11_libc", "malloc", "/x/libc.so.6", "malloc", 0x98930, true, "", true, "");
        Map<String, Long> read = Map.of("memsnap_11_libc/malloc__return", 238L);
        assertEquals(-1, UprobeHits.between(Map.of(), read, List.of(mine)));
        assertEquals(-1, UprobeHits.between(read, Map.of(), List.of(mine)));
    }

    @Test
    void childCpuIsCutimePlusCstimeInTicksOfTenMilliseconds() {
        // a stat line whose comm holds ") " and blanks; utime 5, stime 6, cutime 17, cstime 4
        String stat = "4242 (sh) x (y) S 1 4242 4242 0 -1 4194304 100 0 0 0 5 6 17 4 20 0 1 0 100 1000 10";
        assertEquals(210, PerfRecording.childCpuMillis(stat));
    }
}
