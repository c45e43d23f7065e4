// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** perf script text as perf 6.1 printed it for memsnap's probes (captured on Debian 12). */
class PerfScriptParserTest {
    static final String TEXT = """
            18454/18454   508.616135816: memsnap_9_libc:malloc__return: (7f7442245930 <- 55cd121a51e9) ret=94339618526928 csize=8209
            \t            11e9 leak_a+0x9 (/tmp/tr/t)
            \t            120f work+0x1f (/tmp/tr/t)
            \t            10d1 main+0x31 (/tmp/tr/t)
            \t           27249 __libc_start_call_main+0x79 (/usr/lib/x86_64-linux-gnu/libc.so.6)
            \t           27304 __libc_start_main@@GLIBC_2.34+0x84 (/usr/lib/x86_64-linux-gnu/libc.so.6)
            \t            1110 _start+0x20 (/tmp/tr/t)

            18454/18455   508.616140314:           memsnap_9_libc:free: (7f7442245ef0) ptr=94339618526928 csize=8225     7f7442245ef0 cfree@GLIBC_2.2.5+0x0 (/usr/lib/x86_64-linux-gnu/libc.so.6)
            10306/10306   242.978915165: PERF_RECORD_LOST lost 20
            18454/18454   508.7: other_group:malloc__return: (1 <- 2) ret=1 csize=2
            \t            11e9 leak_a+0x9 (/tmp/tr/t)

            18454/18454   509.000000001: memsnap_9_libc:calloc__return: (7f7442245930 <- 55cd121a51e9) ret=18446744073709551615 csize=0
            \t          4a0f3c [unknown] (/usr/sbin/nginx)
            \t          ffffffffffffffff [unknown] ([unknown])
            """;

    @Test
    void parsesSamplesFramesAndLostRecords() throws Exception {
        List<PerfEvent> events = new ArrayList<>();
        long[] lost = {0};
        new PerfScriptParser("memsnap_9_").parse(new BufferedReader(new StringReader(TEXT)), events::add,
                n -> lost[0] += n);
        assertEquals(20, lost[0]);
        assertEquals(3, events.size(), events.toString());
        PerfEvent m = events.get(0);
        assertEquals(18454, m.pid());
        assertEquals(508_616_135_816L, m.timeNanos());
        assertEquals("malloc", m.probe());
        assertTrue(m.returned());
        assertEquals(94339618526928L, m.arg0());
        assertEquals(8209, m.arg1());
        assertEquals(List.of("leak_a", "work", "main", "__libc_start_call_main", "__libc_start_main", "_start"),
                m.framesLeafFirst());
        PerfEvent f = events.get(1);
        assertEquals("free", f.probe());
        assertEquals(18455, f.tid());
        assertFalse(f.returned());
        assertEquals(List.of(), f.framesLeafFirst());
        PerfEvent c = events.get(2);
        assertEquals(-1L, c.arg0(), "u64 values above Long.MAX_VALUE");
        assertEquals(List.of("nginx+0x4a0f3c", "[unknown]+0xffffffffffffffff"), c.framesLeafFirst());
    }

    @Test
    void timeKeepsNanosecondDigits() {
        assertEquals(1_000_000_001L, PerfScriptParser.parseTime("1.000000001"));
        assertEquals(2_500_000_000L, PerfScriptParser.parseTime("2.5"));
    }

    @Test
    void stripsSymbolVersionsAndOffsets() {
        assertEquals("cfree", PerfScriptParser.frameName("\t 7f cfree@GLIBC_2.2.5+0x0 (/lib/libc.so.6)"));
        assertEquals(PerfScriptParser.TRAMPOLINE, PerfScriptParser.frameName("\t    7fffffffdfff [unknown] ([unknown])"));
        assertEquals("ngx_palloc", PerfScriptParser.frameName("\t 4a0f3c ngx_palloc+0x1c (/usr/sbin/nginx)"));
    }
}
