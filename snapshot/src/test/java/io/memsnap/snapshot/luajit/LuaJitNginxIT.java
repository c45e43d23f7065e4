// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.NginxFixture;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitTable;
import io.memsnap.snapshot.model.luajit.LuaJitVm;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import io.memsnap.snapshot.walk.LayerResult;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The shared nginx fixture's workloads, walked in a worker stopped by its own /oracle/gc request. */
@EnabledOnOs(OS.LINUX)
class LuaJitNginxIT {

    /** A walk of the stopped worker and the gc.total it measured just before stopping. */
    private record Stop(LuaJitHeap heap, long oracleTotalBytes) {}

    private static Stop stop(NginxFixture nginx) throws Exception {
        AtomicReference<LayerResult<LuaJitHeap>> walked = new AtomicReference<>();
        String body = nginx.whileStopped("/oracle/gc?full=1", pid -> {
            try (LiveProcessImage img = LiveProcessImage.open(pid)) {
                walked.set(LuaJitWalker.walk(img, LuaJitOptions.defaults()));
            }
        }).body();
        Matcher m = Pattern.compile("\"total_bytes\"\\s*:\\s*([0-9]+)").matcher(body);
        assertTrue(m.find(), body);
        LayerResult<LuaJitHeap> r = walked.get();
        assertTrue(r.section().isPresent(), "no LuaJIT heap in the worker: " + r.warnings());
        return new Stop(r.section().get(), Long.parseLong(m.group(1)));
    }

    private static void assertCommon(Stop s) {
        LuaJitHeap h = s.heap();
        assertEquals(s.oracleTotalBytes(), h.gcTotalBytes());
        assertEquals("openresty-luajit2", h.flavour());
        assertEquals(1, h.vms().stream().filter(LuaJitVm::main).count());
        LuaJitAllocator a = h.allocator();
        long overhead = a.usedBytes() - h.gcTotalBytes();
        long bound = 47 * a.usedChunks() + 880 + 32L * a.segments() + 4096L * a.directChunks();
        // every used chunk carries at least its 8-byte head beyond what gc.total counts
        assertTrue(overhead >= 8 * a.usedChunks() && overhead <= bound, String.format(Locale.ROOT,
                "overhead %d, window %d..%d: %s", overhead, 8 * a.usedChunks(), bound, a));
        assertTrue(h.objectBytes() + h.stringTableBytes() <= h.gcTotalBytes());
        // includes the per-object check that every computed size matches its allocator chunk (JIT traces too)
        assertEquals(java.util.List.of(), h.warnings());
    }

    @Test
    void pseudoLeakInAWorkerIsMostlyFreeButRetained() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("pseudo_leak", 1)) {
            nginx.get("/work?n=1");
            Stop s = stop(nginx);
            assertCommon(s);
            LuaJitAllocator a = s.heap().allocator();
            double share = (double) a.freeResidentBytes() / a.footprintBytes();
            System.out.printf(Locale.ROOT, "nginx pseudo-leak: footprint %d, free resident %d (%.1f%%), "
                    + "reclaimable pages %d%n", a.footprintBytes(), a.freeResidentBytes(), 100 * share,
                    a.reclaimableResidentBytes());
            assertTrue(share >= 0.90, "free-but-retained share " + share + ": " + a);
        }
    }

    @Test
    void tableLeakInAWorkerGrowsByExactlyTheLeakedEntries() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("table_leak", 1)) {
            nginx.get("/work?n=1");
            Stop s0 = stop(nginx);
            nginx.get("/work?n=2");
            Stop s1 = stop(nginx);
            assertCommon(s0);
            assertCommon(s1);
            // step(2) appends 20,000 entries: each a table and a unique string
            assertEquals(20000, s1.heap().objectsOf("table").count() - s0.heap().objectsOf("table").count());
            assertEquals(20000, s1.heap().objectsOf("string").count() - s0.heap().objectsOf("string").count());
            LuaJitTable biggest = s1.heap().biggestTables().get(0);
            assertTrue(biggest.arraySlots() >= 30000, biggest.toString());
        }
    }

    @Test
    void stringsWorkerHoldsExactlyItsRing() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("strings", 1)) {
            // the first step also compiles traces, whose constants keep a few short strings alive; after it,
            // each step replaces the 2,000 strings of the ring with 2,000 new ones and nothing else stays
            nginx.get("/work?n=1");
            Stop s0 = stop(nginx);
            nginx.get("/work?n=1");
            Stop s1 = stop(nginx);
            assertCommon(s1);
            assertTrue(s0.heap().objectsOf("string").count() >= 2000);
            assertEquals(s0.heap().objectsOf("string").count(), s1.heap().objectsOf("string").count());
            assertTrue(s1.heap().biggestStrings().get(0).lengthBytes() >= 1000, s1.heap().biggestStrings().toString());
        }
    }

    @Test
    void cdataWorkerHoldsExactlyItsRings() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("cdata", 1)) {
            Stop s0 = stop(nginx);
            nginx.get("/work?n=1");
            Stop s1 = stop(nginx);
            assertCommon(s1);
            // step(1) keeps the newest 256 uint8_t[4096] arrays and the newest 64 32-byte structs
            GcObjectType c0 = s0.heap().objectsOf("cdata");
            GcObjectType c1 = s1.heap().objectsOf("cdata");
            assertEquals(256 + 64, c1.count() - c0.count());
            // each array is its 4096 bytes plus LuaJIT's GCcdata (16 B) and GCcdataVar (8 B) headers, rounded to
            // 8 (4120 B); each struct 48 B: a size off by a header, or an object counted twice, fails
            assertEquals(256L * 4120 + 64 * 48, c1.bytes() - c0.bytes(), c0 + " -> " + c1);
        }
    }
}
