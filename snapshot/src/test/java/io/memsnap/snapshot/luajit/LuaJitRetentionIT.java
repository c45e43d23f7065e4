// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitModule;
import io.memsnap.snapshot.model.luajit.LuaJitRetainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Known holders in a standalone luajit ({@code fixtures/lua/workloads/holders.lua}): the top retainer's path names
 * the holder and its retained bytes equal what the workload measured with {@code collectgarbage("count")} around
 * building it (collector stopped, JIT off).
 */
@EnabledOnOs(OS.LINUX)
class LuaJitRetentionIT {
    private static final Path LUAJIT2 = Path.of("/usr/bin/luajit");
    private static final String MODULE = "package.loaded[\"workloads.holders\"]";

    private static long bytesOf(String doneLine) {
        return Long.parseLong(doneLine.split(" ")[2]);
    }

    private static LuaJitHeap walk(LuaJitTarget t) throws Exception {
        return walk(t, "measure");
    }

    private static LuaJitHeap walk(LuaJitTarget t, String command) throws Exception {
        var m = t.measure(command, img -> LuaJitWalker.walk(img, LuaJitOptions.defaults()));
        LuaJitHeap h = m.captured().section().orElseThrow();
        assertEquals(m.gcTotalBytes(), h.gcTotalBytes());
        last = m.created();
        return h;
    }

    private static java.util.Map<String, Long> last;

    private static LuaJitRetainer top(LuaJitHeap h) {
        assertTrue(!h.retainers().isEmpty(), "no retainers: " + h.warnings());
        System.out.println("retainers: " + h.retainers());
        return h.retainers().get(0);
    }

    @Test
    void moduleLevelCacheIsTheTopRetainerWithItsExactBytes() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(LUAJIT2)) {
            long bytes = bytesOf(t.call("holders step 20"));
            bytes = bytesOf(t.call("holders step 10"));
            LuaJitRetainer r = top(walk(t));
            assertEquals(MODULE + ".cache", r.path());
            assertEquals("table", r.type());
            assertEquals(bytes, r.retainedBytes());
            // the cache table and 30,000 entry tables
            assertEquals(30_001, r.objects());
        }
    }

    @Test
    void tableReachableOnlyThroughAnUpvalueIsNamedByTheUpvalue() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(LUAJIT2)) {
            long bytes = bytesOf(t.call("holders upvalue 40000"));
            LuaJitRetainer r = top(walk(t));
            assertTrue(r.path().startsWith(MODULE + ".hidden_count → upvalue \"hidden\" of function @"), r.path());
            assertTrue(r.path().endsWith("holders.lua:53"), r.path());
            assertEquals(bytes, r.retainedBytes());
            assertEquals(40_001, r.objects());
        }
    }

    @Test
    void coroutineHoldingABigLocalIsNamedByItsStackSlot() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(LUAJIT2)) {
            long bytes = bytesOf(t.call("holders coroutine 30000"));
            LuaJitRetainer r = top(walk(t));
            assertTrue(r.path().startsWith(MODULE + ".co → coroutine: local slot "), r.path());
            assertTrue(r.path().contains("of function @") && r.path().endsWith("holders.lua:59"), r.path());
            assertEquals(bytes, r.retainedBytes());
        }
    }

    @Test
    void aMillionObjectsUnderOneUpvalueAreRetainedExactly() throws Exception {
        // a big heap: the graph, dominators and paths over more than a million objects, one holder known exactly
        try (LuaJitTarget t = LuaJitTarget.start(LUAJIT2)) {
            long bytes = bytesOf(t.call("holders upvalue 1000000"));
            LuaJitHeap h = walk(t);
            assertTrue(h.reachability().reachableObjects() > 1_000_000, h.reachability().toString());
            assertEquals(0, h.reachability().unreachableObjects(), h.reachability().toString());
            LuaJitRetainer r = top(h);
            assertTrue(r.path().startsWith(MODULE + ".hidden_count → upvalue \"hidden\" of function @"), r.path());
            assertTrue(r.path().endsWith("holders.lua:53"), r.path());
            assertEquals(bytes, r.retainedBytes());
            assertEquals(1_000_001, r.objects());
        }
    }

    @Test
    void aGarbageCycleIsUnreachableAndExactlyCounted() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(LUAJIT2)) {
            t.call("holders loaded 0");
            LuaJitHeap h = walk(t, "garbage 25000");
            long bytes = last.get("garbage_bytes");
            assertEquals(bytes, h.reachability().unreachableBytes(), h.reachability().toString());
            // two tables, the 25,000 entries
            assertEquals(25_002, h.reachability().unreachableObjects());
            assertTrue(h.retainers().stream().noneMatch(r -> r.retainedBytes() >= bytes / 2), h.retainers()
                    .toString());
        }
    }

    @Test
    void loadedModulesAreThoseOfPackageLoaded() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(LUAJIT2)) {
            t.call("holders step 5");
            String names = t.call("holders loaded 0").split(" ", 3)[2];
            LuaJitHeap h = walk(t);
            Set<String> expected = new TreeSet<>(Arrays.asList(names.split(",")));
            Set<String> got = h.modules().stream().map(LuaJitModule::name)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expected, got);
            LuaJitModule holders = h.modules().stream().filter(m -> m.name().equals("workloads.holders")).findFirst()
                    .orElseThrow();
            assertTrue(holders.source().orElseThrow().endsWith("/workloads/holders.lua"), holders.toString());
            assertTrue(holders.retainedBytes() >= 5000 * 48, holders.toString());
            assertEquals(h.modules().get(0), holders, h.modules().toString());
        }
    }
}
