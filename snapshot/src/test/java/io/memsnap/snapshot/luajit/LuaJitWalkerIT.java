// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.walk.LayerResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Walks real standalone luajit processes and checks every number against the script's own oracle. */
@EnabledOnOs(OS.LINUX)
class LuaJitWalkerIT {
    private static final Path LUAJIT2 = Path.of("/usr/bin/luajit");

    private static LuaJitHeap heapOf(LayerResult<LuaJitHeap> r) {
        assertTrue(r.section().isPresent(), "no LuaJIT heap found; warnings: " + r.warnings());
        return r.section().get();
    }

    @Test
    void gcTotalEqualsCollectgarbageCountAndAllocatorCoversIt() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(LUAJIT2)) {
            for (String w : List.of("tables 3000", "strings 5000", "cdata 2000", "closures 1000")) {
                t.run("work " + w);
            }
            var m = t.measure(img -> LuaJitWalker.walk(img, LuaJitOptions.defaults()));
            LuaJitHeap h = heapOf(m.captured());
            assertEquals("openresty-luajit2", h.flavour());
            assertTrue(h.gc64());
            assertEquals(m.gcTotalBytes(), h.gcTotalBytes());
            assertEquals("pause", h.gc().phase());
            assertEquals(List.of(), h.warnings());
            LuaJitAllocator a = h.allocator();
            assertTrue(a.usedBytes() >= h.gcTotalBytes(), a + " vs " + h.gcTotalBytes());
            // per chunk at most 15 bytes of header and rounding plus 31 of an unsplittable remainder, plus the
            // state chunk, segment records and page-rounded direct chunks; at least its 8-byte head (measured 10.7
            // per chunk: 168,815 bytes over 15,760 chunks). The exact check is usedGrowsByThePaddingOfKnownStrings.
            long overhead = a.usedBytes() - h.gcTotalBytes();
            long bound = 47 * a.usedChunks() + 880 + 32L * a.segments() + 4096L * a.directChunks();
            assertTrue(overhead >= 8 * a.usedChunks() && overhead <= bound,
                    String.format(Locale.ROOT, "overhead %d, window %d..%d", overhead, 8 * a.usedChunks(), bound));
        }
    }

    /**
     * The allocator's used bytes against the test's own count: {@code work strings N} makes N new strings
     * "memsnap-string-K" whose lengths the test knows; each is a GCstr of 24 + (len + 4 rounded down to 4) bytes in a chunk of that
     * request plus the 8-byte head rounded up to 8 (lj_alloc's pad_request; its MALLOC_ALIGNMENT is 8). So used - gc.total must grow by the sum
     * of those paddings, plus at most a page per new direct chunk (the holder table's and the string table's
     * 2 MiB arrays, mmapped and page-rounded) and 1 KiB of small reallocations. A walker off by one byte per string
     * would be 200 KB off.
     */
    @Test
    void usedGrowsByThePaddingOfKnownStrings() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(LUAJIT2)) {
            var m0 = t.measure(img -> LuaJitWalker.walk(img, LuaJitOptions.defaults()));
            int n = 200_000;
            t.run("work strings " + n);
            var m1 = t.measure(img -> LuaJitWalker.walk(img, LuaJitOptions.defaults()));
            LuaJitHeap h0 = heapOf(m0.captured());
            LuaJitHeap h1 = heapOf(m1.captured());
            assertEquals(m1.gcTotalBytes(), h1.gcTotalBytes());
            long requests = 0;
            long padding = 0;
            for (int k = 1; k <= n; k++) {
                // lj_str_size: sizeof(GCstr) 24 plus the characters and their NUL rounded up to 4 bytes
                long req = 24 + ((("memsnap-string-" + k).length() + 4) & ~3L);
                requests += req;
                padding += ((req + 8 + 7) & ~7L) - req;
            }
            // the size model is right: the new string objects are exactly those requests
            assertEquals(requests, h1.objectsOf("string").bytes() - h0.objectsOf("string").bytes());
            long grown = (h1.allocator().usedBytes() - h1.gcTotalBytes())
                    - (h0.allocator().usedBytes() - h0.gcTotalBytes());
            // measured: 8,592 bytes beyond the padding, two new 2 MiB direct chunks (the holder's array and the
            // string table) with a page of rounding each, and 400 bytes of small reallocations
            long direct = h1.allocator().directChunks() - h0.allocator().directChunks();
            long excess = grown - padding;
            assertTrue(excess >= 0 && excess <= 4096 * direct + 1024, "used - gc.total grew " + grown
                    + ", the strings' chunk padding is " + padding + ", new direct chunks " + direct);
        }
    }

    @Test
    void jitTracesAreWalkedAndEveryObjectFillsItsAllocatorChunk() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(LUAJIT2, "jit")) {
            for (String w : List.of("tables 30000", "strings 30000", "cdata 30000", "closures 30000")) {
                t.run("work " + w);
            }
            var m = t.measure(img -> LuaJitWalker.walk(img, LuaJitOptions.defaults()));
            LuaJitHeap h = heapOf(m.captured());
            assertEquals(m.gcTotalBytes(), h.gcTotalBytes());
            assertTrue(h.objectsOf("trace").count() > 0, h.objects().toString());
            // no warnings: every object's computed size equals its allocator chunk (checked during the walk)
            assertEquals(List.of(), h.warnings());
            assertTrue(h.objectBytes() + h.stringTableBytes() <= h.gcTotalBytes());
        }
    }

    @Test
    void objectCountsAndBytesFollowWhatTheScriptCreatedLuajit2() throws Exception {
        checkDeltas(LUAJIT2, "openresty-luajit2");
    }

    @Test
    void objectCountsAndBytesFollowWhatTheScriptCreatedPlainLuaJit() throws Exception {
        checkDeltas(PlainLuaJit.interpreter(), "luajit");
    }

    /**
     * Two measurements around a workload: per type, the walked count grows by exactly what the script created,
     * gc.total equals collectgarbage("count") both times, and gc.total grows by exactly the walked object bytes
     * plus the string table growth (so the per-type byte sizes are exact too).
     */
    private static void checkDeltas(Path interpreter, String flavour) throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(interpreter)) {
            var before = t.measure(img -> LuaJitWalker.walk(img, LuaJitOptions.defaults()));
            for (String w : List.of("tables 3000", "strings 5000", "cdata 2000", "closures 1000", "userdata 500",
                    "threads 100")) {
                t.run("work " + w);
            }
            var after = t.measure(img -> LuaJitWalker.walk(img, LuaJitOptions.defaults()));
            LuaJitHeap h0 = heapOf(before.captured());
            LuaJitHeap h1 = heapOf(after.captured());
            assertEquals(flavour, h1.flavour());
            assertEquals(before.gcTotalBytes(), h0.gcTotalBytes());
            assertEquals(after.gcTotalBytes(), h1.gcTotalBytes());
            assertEquals(List.of(), h1.warnings());
            for (String type : List.of("table", "string", "cdata", "function", "upvalue", "userdata", "thread")) {
                long created = after.created().get(type) - before.created().get(type);
                long walked = h1.objectsOf(type).count() - h0.objectsOf(type).count();
                assertEquals(created, walked, type + " count delta");
            }
            assertEquals(0, h1.objectsOf("trace").count());
            long residual0 = h0.gcTotalBytes() - h0.objectBytes() - h0.stringTableBytes();
            long residual1 = h1.gcTotalBytes() - h1.objectBytes() - h1.stringTableBytes();
            assertEquals(residual0, residual1, "gc.total not explained by objects: " + h0 + "\n" + h1);
        }
    }
}
