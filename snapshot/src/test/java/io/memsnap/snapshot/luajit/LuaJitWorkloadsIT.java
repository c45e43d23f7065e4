// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ResidentClaim;
import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitString;
import io.memsnap.snapshot.model.luajit.LuaJitTable;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import io.memsnap.snapshot.walk.LayerResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The workloads in standalone luajit: pseudo-leak, real leak, strings, cdata, a running target. */
@EnabledOnOs(OS.LINUX)
class LuaJitWorkloadsIT {
    private static final Path LUAJIT2 = Path.of("/usr/bin/luajit");

    private static LuaJitHeap heapOf(LayerResult<LuaJitHeap> r) {
        assertTrue(r.section().isPresent(), "no LuaJIT heap found; warnings: " + r.warnings());
        return r.section().get();
    }

    private static long claimed(LayerResult<LuaJitHeap> r, Category to) {
        return r.claims().stream().filter(c -> c.to() == to).mapToLong(ResidentClaim::bytes).sum();
    }

    @Test
    void pseudoLeakIsMostlyFreeButRetained() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(LUAJIT2)) {
            t.run("pseudo_leak 200");
            var mm = t.measure(img -> java.util.Map.entry(LuaJitWalker.walk(img, LuaJitOptions.defaults()),
                    img.mappings()));
            var m = new LuaJitTarget.Measurement<>(mm.gcTotalBytes(), mm.created(), mm.captured().getKey());
            LuaJitHeap h = heapOf(m.captured());
            assertEquals(m.gcTotalBytes(), h.gcTotalBytes());
            LuaJitAllocator a = h.allocator();
            double share = (double) a.freeResidentBytes() / a.footprintBytes();
            System.out.printf(Locale.ROOT, "pseudo-leak: footprint %d, used %d, free %d, free resident %d (%.1f%%), "
                    + "reclaimable pages %d%n", a.footprintBytes(), a.usedBytes(), a.freeBytes(),
                    a.freeResidentBytes(), 100 * share, a.reclaimableResidentBytes());
            assertTrue(a.footprintBytes() >= 200L << 20, a.toString());
            assertTrue(share >= 0.90, "free-but-retained share " + share);
            // the claims partition the resident pages of the segments and direct chunks
            assertEquals(a.usedResidentBytes(), claimed(m.captured(), Category.LUAJIT_USED));
            assertEquals(a.reclaimableResidentBytes(), claimed(m.captured(), Category.LUAJIT_FREE_RESIDENT));
            assertEquals(a.footprintBytes(),
                    a.usedResidentBytes() + a.reclaimableResidentBytes() + a.notResidentBytes());
            // byte-wise free-resident can only exceed whole free pages, never the free bytes
            assertTrue(a.freeResidentBytes() >= a.reclaimableResidentBytes() - 4096L * a.segments());
            assertTrue(a.freeResidentBytes() <= a.freeBytes());
            // the test's own count from /proc/PID/smaps: in this standalone luajit the private anonymous mappings
            // (not [heap]) are the allocator's segments and direct chunks, plus the loader's and libc's few pages;
            // tolerance 4 MiB of the 200 MiB (a lost or doubled segment of the pseudo-leak would exceed it)
            List<Mapping> anon = mm.captured().getValue().stream().filter(Mapping::anonymous)
                    .filter(x -> !x.path().equals("[heap]")).toList();
            long anonRss = anon.stream().mapToLong(Mapping::rssBytes).sum();
            long anonSize = anon.stream().mapToLong(Mapping::sizeBytes).sum();
            long resident = a.usedResidentBytes() + a.reclaimableResidentBytes();
            assertTrue(resident <= anonRss && resident >= anonRss - (4 << 20),
                    "resident pages of segments " + resident + " vs anonymous Rss " + anonRss);
            assertTrue(a.footprintBytes() <= anonSize && a.footprintBytes() >= anonSize - (4 << 20),
                    "footprint " + a.footprintBytes() + " vs anonymous mappings " + anonSize);
        }
    }

    @Test
    void growingGlobalTableIsTheBiggestTable() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(LUAJIT2)) {
            t.run("leak 20000");
            var m0 = t.measure(img -> LuaJitWalker.walk(img, LuaJitOptions.defaults()));
            t.run("leak 30000");
            var m1 = t.measure(img -> LuaJitWalker.walk(img, LuaJitOptions.defaults()));
            LuaJitHeap h0 = heapOf(m0.captured());
            LuaJitHeap h1 = heapOf(m1.captured());
            assertEquals(m1.gcTotalBytes(), h1.gcTotalBytes());
            // each leaked entry is one table holding one new string
            assertEquals(30000, h1.objectsOf("table").count() - h0.objectsOf("table").count());
            assertEquals(30000, h1.objectsOf("string").count() - h0.objectsOf("string").count());
            LuaJitTable biggest = h1.biggestTables().get(0);
            assertTrue(biggest.arraySlots() >= 50000 && biggest.arraySlots() <= 65537, biggest.toString());
            // gc.total also charges VM buffers that are not GC objects (g->tmpbuf and the other SBufs grow by
            // doubling, seen +1,024 bytes in about one run in four): the object and string-table bytes must explain
            // the growth to within 4 KiB. The counts above are exact, so a missed object cannot hide here, and a size
            // rule off by 8 bytes on 60,000 new objects would be 480 KiB.
            long grown = h1.gcTotalBytes() - h0.gcTotalBytes();
            long explained = h1.objectBytes() - h0.objectBytes() + h1.stringTableBytes() - h0.stringTableBytes();
            assertTrue(grown - explained >= 0 && grown - explained <= 4096,
                    "gc.total grew " + grown + ", objects and string table explain " + explained);
        }
    }

    @Test
    void stringContentsOnlyWhenAskedAndTruncated() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(LUAJIT2)) {
            t.run("pseudo_leak 1");
            var m = t.measure(img -> List.of(LuaJitWalker.walk(img, LuaJitOptions.defaults()),
                    LuaJitWalker.walk(img, LuaJitOptions.defaults().withStrings(16))));
            LuaJitHeap hidden = heapOf(m.captured().get(0));
            LuaJitHeap shown = heapOf(m.captured().get(1));
            assertTrue(hidden.biggestStrings().stream().allMatch(s -> s.preview().isEmpty()));
            LuaJitString big = shown.biggestStrings().get(0);
            // the pseudo-leak keeps 4000 'p' followed by a multiple of 32
            assertTrue(big.lengthBytes() > 4000, big.toString());
            assertEquals("pppppppppppppppp...", big.preview().orElseThrow());
            assertEquals(hidden.biggestStrings().size(), shown.biggestStrings().size());
        }
    }

    @Test
    void cdataAndStringHeavyHeapsAreCountedExactly() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(LUAJIT2)) {
            var m0 = t.measure(img -> LuaJitWalker.walk(img, LuaJitOptions.defaults()));
            t.run("work cdata 100000");
            t.run("work strings 200000");
            var m1 = t.measure(img -> LuaJitWalker.walk(img, LuaJitOptions.defaults()));
            LuaJitHeap h0 = heapOf(m0.captured());
            LuaJitHeap h1 = heapOf(m1.captured());
            assertEquals(m1.gcTotalBytes(), h1.gcTotalBytes());
            assertEquals(100000, h1.objectsOf("cdata").count() - h0.objectsOf("cdata").count());
            assertEquals(200000, h1.objectsOf("string").count() - h0.objectsOf("string").count());
            assertEquals(h1.gcTotalBytes() - h0.gcTotalBytes(),
                    h1.objectBytes() - h0.objectBytes() + h1.stringTableBytes() - h0.stringTableBytes());
        }
    }

    /** Rss of the private anonymous mappings other than [heap], from smaps read now. */
    private static long anonymousRss(int pid) {
        return io.memsnap.snapshot.proc.SmapsParser.parse(LiveProcessImage.readProcFile(pid, "smaps")).stream()
                .filter(Mapping::anonymous).filter(mp -> !mp.path().equals("[heap]")).mapToLong(Mapping::rssBytes)
                .sum();
    }

    /**
     * Walks the running target; its claims never exceed the anonymous Rss outside [heap] (read before the walk)
     * by more than the growth a running target may add (8 MiB). Returns whether the walk was clean and the Rss the
     * test read again after it unchanged: then the claims are the segments' resident pages, all of that Rss but the
     * interpreter's own few anonymous pages (36 KiB measured), and must be within 0..128 KiB of it (a lost segment,
     * 128 KiB at the least, or one claimed twice falls outside).
     */
    private static boolean walkAndCheckClaims(int pid) {
        try (LiveProcessImage img = LiveProcessImage.open(pid)) {
            LayerResult<LuaJitHeap> r = LuaJitWalker.walk(img, LuaJitOptions.defaults());
            assertFalse(r.section().isEmpty(), r.warnings().toString());
            long anonRss = img.mappings().stream().filter(Mapping::anonymous)
                    .filter(mp -> !mp.path().equals("[heap]")).mapToLong(Mapping::rssBytes).sum();
            long claims = r.claims().stream().mapToLong(ResidentClaim::bytes).sum();
            long after = anonymousRss(pid);
            assertTrue(claims <= anonRss + (8 << 20), claims + " > " + anonRss);
            if (anonRss != after || !r.warnings().isEmpty()) {
                return false;
            }
            assertTrue(anonRss - claims >= 0 && anonRss - claims <= 128 << 10,
                    "anonymous Rss " + anonRss + " minus claims " + claims);
            return true;
        }
    }

    @Test
    void walkingARunningTargetNeverThrowsAndClaimsStayWithinRss() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(LUAJIT2)) {
            t.run("work tables 20000");
            java.util.concurrent.atomic.AtomicReference<Throwable> churnError =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Thread churn = new Thread(() -> {
                try {
                    t.run("churn 4");
                } catch (java.io.IOException | RuntimeException e) {
                    churnError.set(e);
                }
            }, "luajit-churn");
            churn.start();
            int exact = 0;
            for (int i = 0; i < 10; i++) {
                exact += walkAndCheckClaims(t.pid()) ? 1 : 0;
            }
            // the churn ran to its DONE line: the walks above really saw a running target
            churn.join();
            // measured: 7 of the 10 walks during the churn are clean with the Rss unchanged around them; a walk of
            // the idle (running, not stopped) target after it must be
            assertTrue(walkAndCheckClaims(t.pid()) || exact > 0, "no clean walk with a steady Rss to compare");
            assertEquals(null, churnError.get(), "churn command failed");
        }
    }
}
