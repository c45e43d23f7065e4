// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static io.memsnap.analyzer.findings.Processes.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitReachability;
import io.memsnap.snapshot.model.luajit.LuaJitRetainer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LuaJitRetainerRuleTest {
    private final LuaJitRetainerRule rule = new LuaJitRetainerRule();

    private static ProcessSnapshot with(long gcTotal, LuaJitRetainer... retainers) {
        LuaJitHeap heap = Processes.luajit(200 * MIB, 150 * MIB, 0, 0, gcTotal,
                new GcObjectType("table", 700_110, gcTotal / 2))
                .withRetention(List.of(retainers), List.of(), LuaJitReachability.NONE);
        return Processes.worker().with(Category.LUAJIT_USED, 150 * MIB).luajit(heap).build();
    }

    private static LuaJitRetainer retainer(String path, long bytes, long objects) {
        return new LuaJitRetainer(path, Optional.empty(), "table", 0x1000, bytes, objects);
    }

    @Test
    void namesTheTopRetainerByItsPathWithItsShareOfTheGcHeap() {
        Finding f = rule.apply(with(100 * MIB, retainer("package.loaded[\"app.cache\"].items", 65 * MIB, 700_111),
                retainer("_G.x", MIB, 3))).orElseThrow();
        assertEquals("package.loaded[\"app.cache\"].items retains 65.0 MiB (65% of the GC heap): 700,111 objects "
                + "that only this table keeps alive.", f.text());
        assertEquals(65 * MIB, f.bytes());
        assertEquals(2, f.evidence().size());
        assertEquals("_G.x", f.evidence().get(1).label());
        assertTrue(f.whatToDo().startsWith("Look for a module-level cache without a size bound"), f.whatToDo());
        assertEquals(Severity.WARNING, f.severity());
    }

    @Test
    void silentBelowTheShareOrOnASmallHeap() {
        assertTrue(rule.apply(with(100 * MIB, retainer("_G.x", 20 * MIB, 5))).isEmpty());
        assertTrue(rule.apply(with(4 * MIB, retainer("_G.x", 4 * MIB, 5))).isEmpty());
        assertTrue(rule.apply(with(100 * MIB)).isEmpty());
    }

    @Test
    void adviceFollowsThePath() {
        assertTrue(LuaJitRetainerRule.advice("_G.h → upvalue \"cache\" of function @/a.lua:3").contains("closure"));
        assertTrue(LuaJitRetainerRule.advice("_G.co → coroutine: local slot 1 of function @/a.lua:3")
                .contains("coroutine"));
        assertTrue(LuaJitRetainerRule.advice("_G.leak").contains("global"));
        assertTrue(LuaJitRetainerRule.advice("registry[lightuserdata 0x10]").contains("registry"));
    }
}
