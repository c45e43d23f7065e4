// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static LuaJitHeap heapOf(LuaJitWalkResult r) {
        assertTrue(r.heap().isPresent(), "no LuaJIT heap found; warnings: " + r.warnings());
        return r.heap().get();
    }

    @Test
    void gcTotalEqualsCollectgarbageCountAndAllocatorCoversIt() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(LUAJIT2)) {
            for (String w : List.of("tables 3000", "strings 5000", "cdata 2000", "closures 1000")) {
                t.run("work " + w);
            }
            var m = t.measure(img -> LuaJitWalker.walk(img, LuaJitOptions.defaults()));
            LuaJitHeap h = heapOf(m.captured());
            System.out.println(h);
            assertEquals("openresty-luajit2", h.flavour());
            assertTrue(h.gc64());
            assertEquals(m.gcTotalBytes(), h.gcTotalBytes());
            assertEquals("pause", h.gc().phase());
            assertEquals(List.of(), h.warnings());
            LuaJitAllocator a = h.allocator();
            assertTrue(a.usedBytes() >= h.gcTotalBytes(), a + " vs " + h.gcTotalBytes());
            // per chunk at most 16 bytes of rounding, plus the state chunk, segment records and page-rounded
            // direct chunks
            long overhead = a.usedBytes() - h.gcTotalBytes();
            long bound = 16 * a.usedChunks() + 880 + 32L * a.segments() + 4096L * a.directChunks();
            assertTrue(overhead <= bound, String.format(Locale.ROOT, "overhead %d > %d", overhead, bound));
        }
    }
}
