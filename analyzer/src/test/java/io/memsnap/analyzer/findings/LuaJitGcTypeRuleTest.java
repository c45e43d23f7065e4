// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static io.memsnap.analyzer.findings.Processes.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitTable;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LuaJitGcTypeRuleTest {
    private final LuaJitGcTypeRule rule = new LuaJitGcTypeRule();

    @Test
    void tablesDominate() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.LUAJIT_USED, 100 * MIB)
                .with(Category.GLIBC_USED, 100 * MIB)
                .luajit(Processes.luajit(100 * MIB, 100 * MIB, 0, 0, 50 * MIB,
                        new GcObjectType("string", 1000, 10 * MIB), new GcObjectType("table", 240_000, 40 * MIB)))
                .build();
        Finding f = rule.apply(p).orElseThrow();
        assertEquals("Tables make 80% of the LuaJIT GC heap (40.0 MiB of 50.0 MiB, 240,000 objects).", f.text());
        assertEquals(40 * MIB, f.bytes());
        // object bytes are allocation bytes: no share of RSS for the finding or its rows (was 0.2, 40 MiB over RSS)
        assertEquals(Optional.empty(), f.shareOfRss());
        assertTrue(f.evidence().stream().allMatch(r -> r.shareOfRss().isEmpty()), f.evidence().toString());
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("table", f.evidence().get(0).label());
        assertEquals("240,000 objects, 80% of the GC heap", f.evidence().get(0).detail());
    }

    @Test
    void namesTheLargestTableFromBiggestTables() {
        LuaJitHeap heap = Processes.withBiggestTables(Processes.luajit(100 * MIB, 100 * MIB, 0, 0, 50 * MIB,
                        new GcObjectType("string", 1000, 10 * MIB), new GcObjectType("table", 240_000, 40 * MIB)),
                new LuaJitTable(0x40001000L, 0, 2_097_152, 64 + 2_097_152L * 24),
                new LuaJitTable(0x40002000L, 65_536, 16, 64 + 65_536L * 8 + 16 * 24));
        ProcessSnapshot p = Processes.worker().with(Category.LUAJIT_USED, 100 * MIB).luajit(heap).build();
        Finding f = rule.apply(p).orElseThrow();
        // 64 + 2,097,152 * 24 = 50,331,712 B = 48.0 MiB
        assertEquals("Tables make 80% of the LuaJIT GC heap (40.0 MiB of 50.0 MiB, 240,000 objects); the largest has"
                + " 2,097,152 hash slots (48.0 MiB).", f.text());
        assertEquals("table 0x40002000", f.evidence().get(3).label());
        // 524,736 B of the 50 MiB GC heap: 1.0%, a share of the GC heap, not of RSS (object bytes)
        assertEquals("65,536 array and 16 hash slots, 1.0% of the GC heap", f.evidence().get(3).detail());
        assertEquals(Optional.empty(), f.evidence().get(3).shareOfRss());
    }

    @Test
    void userdataIsNamedAndNoTableSentenceForOtherTypes() {
        LuaJitHeap heap = Processes.withBiggestTables(Processes.luajit(40 * MIB, 20 * MIB, 20 * MIB, 0, 20 * MIB,
                new GcObjectType("userdata", 7, 19 * MIB)), new LuaJitTable(1, 4, 0, 96));
        Finding f = rule.apply(Processes.worker().with(Category.GLIBC_USED, 1000 * MIB).luajit(heap).build())
                .orElseThrow();
        assertEquals("Userdata make 95% of the LuaJIT GC heap (19.0 MiB of 20.0 MiB, 7 objects).", f.text());
    }

    @Test
    void unknownTypeIsQuotedAndInfoWhenSmallAgainstRss() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.GLIBC_USED, 1000 * MIB)
                .luajit(Processes.luajit(40 * MIB, 20 * MIB, 20 * MIB, 0, 20 * MIB,
                        new GcObjectType("weird", 7, 19 * MIB)))
                .build();
        Finding f = rule.apply(p).orElseThrow();
        assertEquals("Objects of type \"weird\" make 95% of the LuaJIT GC heap (19.0 MiB of 20.0 MiB, 7 objects).",
                f.text());
        assertEquals(Severity.INFO, f.severity());
    }

    @Test
    void silentWhenMixedOrSmall() {
        ProcessSnapshot mixed = Processes.worker()
                .with(Category.LUAJIT_USED, 100 * MIB)
                .luajit(Processes.luajit(100 * MIB, 100 * MIB, 0, 0, 100 * MIB,
                        new GcObjectType("table", 1, 59 * MIB), new GcObjectType("string", 1, 41 * MIB)))
                .build();
        assertTrue(rule.apply(mixed).isEmpty());
        ProcessSnapshot small = Processes.worker()
                .with(Category.LUAJIT_USED, 100 * MIB)
                .luajit(Processes.luajit(100 * MIB, 100 * MIB, 0, 0, 15 * MIB, new GcObjectType("table", 1, 15 * MIB)))
                .build();
        assertTrue(rule.apply(small).isEmpty());
    }
}
