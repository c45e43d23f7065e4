// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitDominatorNode;
import io.memsnap.snapshot.model.luajit.LuaJitGcState;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitModule;
import io.memsnap.snapshot.model.luajit.LuaJitReachability;
import io.memsnap.snapshot.model.luajit.LuaJitRetainer;
import io.memsnap.snapshot.model.luajit.LuaJitString;
import io.memsnap.snapshot.model.luajit.LuaJitTable;
import io.memsnap.snapshot.model.luajit.LuaJitTableParts;
import io.memsnap.snapshot.model.luajit.LuaJitVm;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The issue's JSON keys (a contract with users' scripts) and a lossless round trip, as the codec will map them. */
class LuaJitHeapJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    static LuaJitHeap sample() {
        return new LuaJitHeap("openresty-luajit2", true, 1494275,
                new LuaJitGcState(2988400, 0, 1494275, "pause", 200, 200),
                new LuaJitAllocator(0x7f0000000010L, 2, 1708032, 1658088, 49800, 45000, 20480, 1687552, 0, 56,
                        135168, 1, 15739, 478),
                List.of(new GcObjectType("table", 3037, 871296), new GcObjectType("string", 5384, 232988)), 1104284,
                65536, new LuaJitTableParts(53414, 10400, 427312, 249600),
                List.of(new LuaJitTable(0x7f0000001000L, 16385, 0, 131144)),
                List.of(new LuaJitString(0x7f0000002000L, 165, 192, Optional.empty()),
                        new LuaJitString(0x7f0000003000L, 4040, 4068, Optional.of("pppp..."))),
                List.of(new LuaJitVm(0x7f0000000380L, 0x7f00000003f0L, 0x7f0000000010L, "openresty-luajit2", 1494275,
                        true)),
                List.of("a warning"));
    }

    @Test
    void issueKeysArePresent() throws Exception {
        JsonNode n = JSON.readTree(JSON.writeValueAsString(sample()));
        assertEquals("openresty-luajit2", n.get("flavour").asText());
        assertTrue(n.get("gc64").asBoolean());
        assertEquals(1494275, n.get("gc_total_bytes").asLong());
        JsonNode a = n.get("allocator");
        for (String k : List.of("footprint_bytes", "used_bytes", "free_bytes", "free_resident_bytes", "top_bytes",
                "direct_bytes", "reclaimable_resident_bytes")) {
            assertTrue(a.has(k), k);
        }
        JsonNode o = n.get("objects").get(0);
        assertEquals("table", o.get("type").asText());
        assertEquals(3037, o.get("count").asLong());
        assertEquals(871296, o.get("bytes").asLong());
        assertEquals("pause", n.get("gc").get("phase").asText());
        assertEquals(16385, n.get("biggest_tables").get(0).get("array_slots").asLong());
    }

    @Test
    void roundTripIsLossless() throws Exception {
        LuaJitHeap h = sample();
        assertEquals(h, JSON.readValue(JSON.writeValueAsString(h), LuaJitHeap.class));
        LuaJitHeap core = new LuaJitHeap("luajit", true, 100, new LuaJitAllocator(4096, 200, 3000, 2048),
                List.of(new GcObjectType("table", 1, 64)), List.of());
        assertEquals(64, core.objectBytes());
        assertEquals(core, JSON.readValue(JSON.writeValueAsString(core), LuaJitHeap.class));
    }

    static LuaJitHeap withRetention() {
        return sample().withRetention(
                List.of(new LuaJitRetainer("package.loaded[\"app.cache\"].items", Optional.empty(), "table",
                        0x7f0000004000L, 85_769_011, 700_111)),
                List.of(new LuaJitModule("app.cache", 85_770_000, 700_130, Optional.of("@/srv/app/cache.lua")),
                        new LuaJitModule("string", 1200, 20, Optional.empty())),
                new LuaJitReachability(800_000, 90_000_000, 12, 3000, 1_500_000,
                        List.of(new LuaJitDominatorNode(0, -1, "package.loaded", "table", 85_800_000))));
    }

    /** Issue 12's keys: luajit.retainers[] and luajit.modules[] (a contract with users' scripts). */
    @Test
    void retentionKeysArePresentAndRoundTrip() throws Exception {
        LuaJitHeap h = withRetention();
        JsonNode n = JSON.readTree(JSON.writeValueAsString(h));
        JsonNode r = n.get("retainers").get(0);
        assertEquals("package.loaded[\"app.cache\"].items", r.get("path").asText());
        assertEquals(85_769_011, r.get("retained_bytes").asLong());
        assertEquals(700_111, r.get("objects").asLong());
        assertEquals("table", r.get("type").asText());
        JsonNode m = n.get("modules").get(0);
        assertEquals("app.cache", m.get("name").asText());
        assertEquals(85_770_000, m.get("retained_bytes").asLong());
        assertEquals(700_130, m.get("objects").asLong());
        assertEquals("@/srv/app/cache.lua", m.get("source").asText());
        assertEquals(3000, n.get("reachability").get("unreachable_bytes").asLong());
        assertEquals(h, JSON.readValue(JSON.writeValueAsString(h), LuaJitHeap.class));
    }
}
