// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.NginxFixture;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitModule;
import io.memsnap.snapshot.model.luajit.LuaJitRetainer;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import io.memsnap.snapshot.walk.LayerResult;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Known holders in an nginx worker ({@code workloads/holders.lua}), each built by a request that measures its own
 * bytes with {@code collectgarbage("count")} (collector stopped): a module-level cache growing per request (the
 * top retainer is {@code package.loaded["workloads.holders"].cache} with exactly the bytes the requests measured,
 * and the loaded modules are the worker's {@code package.loaded} keys), a table reachable only through a closure's
 * upvalue, and a suspended coroutine holding a big local.
 */
@EnabledOnOs(OS.LINUX)
class LuaJitNginxRetentionIT {
    private static final String MODULE = "package.loaded[\"workloads.holders\"]";

    private static String field(String json, String key) throws java.io.IOException {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get(key);
        assertTrue(node != null, key + " in " + json);
        return node.asText();
    }

    @Test
    void moduleCacheGrowingPerRequestIsTheTopRetainer() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("holders", 1)) {
            nginx.get("/work?n=10");
            nginx.get("/work?n=10");
            String last = nginx.get("/work?n=5");
            long cacheBytes = (long) Double.parseDouble(field(last, "cache_bytes"));
            Set<String> loaded = new TreeSet<>(Arrays.asList(field(last, "loaded").split(",")));
            LuaJitHeap h = walkStopped(nginx, LuaJitOptions.defaults());
            System.out.println("nginx retainers: " + h.retainers());
            System.out.println("nginx modules: " + h.modules());
            LuaJitRetainer top = h.retainers().get(0);
            assertEquals("package.loaded[\"workloads.holders\"].cache", top.path());
            assertEquals(cacheBytes, top.retainedBytes());
            assertEquals(25_001, top.objects());
            Set<String> got = h.modules().stream().map(LuaJitModule::name)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(loaded, got);
            assertTrue(h.modules().stream().anyMatch(m -> m.name().equals("memsnap.fixture")
                    && m.source().orElseThrow().endsWith("/memsnap/fixture.lua")), h.modules().toString());
        }
    }

    @Test
    void tableReachableOnlyThroughAnUpvalueIsNamedByTheUpvalue() throws Exception {
        assertHolderIsTopRetainer("upvalue", MODULE + ".hidden_count → upvalue \"hidden\" of function @", 53);
    }

    @Test
    void coroutineHoldingABigLocalIsNamedByItsStackSlot() throws Exception {
        assertHolderIsTopRetainer("coroutine", MODULE + ".co → coroutine: local slot ", 59);
    }

    @Test
    void ngxLuaRegistryTablesAreNamedByTheirRole() throws Exception {
        // the worker is stopped inside the /oracle/gc request: its coroutine is in the coroutine table
        try (NginxFixture nginx = NginxFixture.start("holders", 1)) {
            nginx.get("/work?n=1");
            // every accumulation point is a retainer: the registry's own small tables are among them
            LuaJitHeap h = walkStopped(nginx, new LuaJitOptions(false, 64, 1_000_000, 200_000_000L, 64L << 20));
            List<String> paths = h.retainers().stream().map(LuaJitRetainer::path).toList();
            // the tables ngx_lua keys by the address of a global char in ngx_http_lua_module.so, resolved through
            // its dynamic symbols; the keys it makes static have no symbol and stay light userdata
            for (String role : List.of("ngx_lua coroutine table", "ngx_lua code cache", "ngx_lua socket pools",
                    "ngx_lua headers metatable")) {
                assertTrue(paths.contains(role), role + " in " + paths);
            }
            // the handlers' compiled chunks are cached under their chunk name (a string key)
            assertTrue(paths.stream().anyMatch(p -> p.startsWith("ngx_lua code cache[")), paths.toString());
        }
    }

    /**
     * One request builds the holder {@code holder} of 30,000 entry tables and measures its bytes; the top retainer
     * of the stopped worker is that table, its path starts with {@code pathStart} and ends at the holder's function
     * (its first line {@code line}), and its retained bytes are the measured ones.
     */
    private static void assertHolderIsTopRetainer(String holder, String pathStart, int line) throws Exception {
        try (NginxFixture nginx = NginxFixture.start("holders", 1)) {
            long bytes = (long) Double.parseDouble(field(nginx.get("/work?n=30&holder=" + holder),
                    holder + "_bytes"));
            LuaJitHeap h = walkStopped(nginx, LuaJitOptions.defaults());
            System.out.println("nginx retainers: " + h.retainers());
            assertTrue(!h.retainers().isEmpty(), "no retainers: " + h.warnings());
            LuaJitRetainer top = h.retainers().get(0);
            assertTrue(top.path().startsWith(pathStart), top.path());
            assertTrue(top.path().endsWith("/workloads/holders.lua:" + line), top.path());
            assertEquals(bytes, top.retainedBytes());
            assertEquals(30_001, top.objects());
        }
    }

    /** The worker's LuaJIT heap, walked while the worker is stopped after a full collection. */
    private static LuaJitHeap walkStopped(NginxFixture nginx, LuaJitOptions options) throws Exception {
        AtomicReference<LayerResult<LuaJitHeap>> walked = new AtomicReference<>();
        nginx.whileStopped("/oracle/gc?full=1", pid -> {
            try (LiveProcessImage img = LiveProcessImage.open(pid)) {
                walked.set(LuaJitWalker.walk(img, options));
            }
        });
        return walked.get().section().orElseThrow();
    }
}
