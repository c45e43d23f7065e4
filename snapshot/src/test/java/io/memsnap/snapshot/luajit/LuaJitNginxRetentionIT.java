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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A module-level cache growing per request in an nginx worker ({@code workloads/holders.lua}): the top retainer
 * is {@code package.loaded["workloads.holders"].cache} with exactly the bytes the requests measured, and the
 * loaded modules are the worker's {@code package.loaded} keys.
 */
@EnabledOnOs(OS.LINUX)
class LuaJitNginxRetentionIT {

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
            AtomicReference<LayerResult<LuaJitHeap>> walked = new AtomicReference<>();
            nginx.whileStopped("/oracle/gc?full=1", pid -> {
                try (LiveProcessImage img = LiveProcessImage.open(pid)) {
                    walked.set(LuaJitWalker.walk(img, LuaJitOptions.defaults()));
                }
            });
            LuaJitHeap h = walked.get().section().orElseThrow();
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
}
