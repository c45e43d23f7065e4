// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.MallocInfo;
import io.memsnap.fixtures.ProcStates;
import io.memsnap.snapshot.elf.GdbOracle;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ResidentClaim;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.glibc.SizeClass;
import io.memsnap.snapshot.proc.SmapsParser;
import io.memsnap.snapshot.target.live.LiveFacts;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import io.memsnap.snapshot.walk.InUseChunks;
import io.memsnap.snapshot.walk.LayerResult;
import io.memsnap.snapshot.walk.WalkContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Real fixture processes print their own malloc_info() and stop; memsnap's per-arena totals must equal it exactly.
 */
@EnabledOnOs(OS.LINUX)
class GlibcOracleIT {

    static LayerResult<GlibcHeap> walk(StoppedFixture f) {
        try (LiveProcessImage image = LiveProcessImage.open(f.pid())) {
            LayerResult<GlibcHeap> w = GlibcWalker.walk(image);
            assertClaimsFitMappings(w, image.mappings());
            // the walk reads only pages that were resident, so a second walk sees the same; this one reads 4 KiB
            // blocks (every header or link word that straddles a block end takes the refill path) and, asked for
            // it, builds the in-use chunk index
            GlibcWalkOptions d = GlibcWalkOptions.defaults();
            GlibcWalkOptions pages = new GlibcWalkOptions(d.maxChunks(), d.maxListSteps(), d.commonSizes(),
                    d.maxDistinctSizes(), 4096, d.maxLinkEntries());
            WalkContext context = new WalkContext(LiveFacts.read(f.pid(), image.mappings()));
            context.demand(InUseChunks.class);
            assertEquals(w, GlibcWalker.walk(image, pages, context), "4 KiB blocks, in-use index built");
            if (w.section().isPresent()) {
                assertInUseIndexMatches(w.section().get(), context.lookup(InUseChunks.class).orElseThrow());
            } else {
                assertTrue(context.lookup(InUseChunks.class).isEmpty(), "an index without a heap");
            }
            WalkContext undemanded = new WalkContext(LiveFacts.read(f.pid(), image.mappings()));
            GlibcWalker.walk(image, d, undemanded);
            assertTrue(undemanded.lookup(InUseChunks.class).isEmpty(), "index built though no walker asked for it");
            return w;
        }
    }

    /** The published index holds exactly the chunks the program has: in use in an arena, or mmapped. */
    static void assertInUseIndexMatches(GlibcHeap heap, InUseChunks chunks) {
        long count = heap.mmapped().count();
        long bytes = heap.mmapped().bytes();
        for (GlibcArena a : heap.arenas()) {
            count += a.inUseCount();
            bytes += a.inUseBytes();
        }
        assertEquals(count, chunks.count(), "in-use index count");
        assertEquals(bytes, chunks.totalBytes(), "in-use index bytes");
    }

    /** Claims moved out of [heap]: they partition the heap's resident pages, so they sum to its smaps Rss. */
    static void assertClaimsPartitionHeap(StoppedFixture f) {
        try (LiveProcessImage image = LiveProcessImage.open(f.pid())) {
            LayerResult<GlibcHeap> w = GlibcWalker.walk(image);
            long heapRss = image.mappings().stream().filter(m -> m.path().equals("[heap]"))
                    .mapToLong(Mapping::rssBytes).sum();
            long claimed = w.claims().stream().filter(c -> c.from() == Category.HEAP)
                    .mapToLong(ResidentClaim::bytes).sum();
            assertEquals(heapRss, claimed, "claims from [heap] vs its Rss: " + w.claims());
        }
    }

    /** Exact per-arena comparison of a clean walk with malloc_info. */
    static GlibcHeap assertMatchesOracle(StoppedFixture f) throws Exception {
        MallocInfo oracle = f.mallocInfo();
        LayerResult<GlibcHeap> w = walk(f);
        assertTrue(w.section().isPresent(), () -> "no heap: " + w.warnings());
        assertEquals(List.of(), w.warnings());
        GlibcHeap heap = w.section().get();
        assertEquals("2.36", heap.version());
        assertEquals(oracle.heaps().size(), heap.arenas().size(), "arena count");
        for (int i = 0; i < heap.arenas().size(); i++) {
            assertArenaMatches(oracle.heaps().get(i), heap.arenas().get(i));
        }
        assertEquals(oracle.mmapCount(), heap.mmapped().count(), "mmapped count");
        assertEquals(oracle.mmapBytes(), heap.mmapped().bytes(), "mmapped bytes");
        return heap;
    }

    static void assertArenaMatches(MallocInfo.Heap o, GlibcArena a) {
        String what = "arena nr " + o.nr() + " at 0x" + Long.toHexString(a.address());
        assertEquals(o.nr() == 0 ? "main" : "thread", a.kind(), what);
        assertEquals(o.systemBytes(), a.systemBytes(), what + " system");
        assertEquals(o.fastBytes(), a.fastbinBytes(), what + " fastbin bytes");
        assertEquals(o.fastCount(), a.fastbinCount(), what + " fastbin count");
        assertEquals(o.restCount() - 1, a.freeCount(), what + " bin chunks");
        assertEquals(o.restBytes(), a.freeBytes() + a.topBytes(), what + " free + top");
        // malloc_info's in-use (system - fast - rest) includes tcache chunks and glibc's headers
        assertEquals(o.systemBytes() - o.fastBytes() - o.restBytes(),
                a.inUseBytes() + a.tcacheBytes() + a.metadataBytes(), what + " in use");
        long histUsed = a.histogram().stream().mapToLong(SizeClass::usedBytes).sum();
        long histFree = a.histogram().stream().mapToLong(SizeClass::freeBytes).sum();
        assertEquals(a.inUseBytes(), histUsed, what + " histogram used");
        assertEquals(a.freeBytes(), histFree, what + " histogram free");
    }

    /** Claims never exceed the resident bytes of the category they come from. */
    static void assertClaimsFitMappings(LayerResult<GlibcHeap> w, List<Mapping> maps) {
        long heapRss = maps.stream().filter(m -> m.path().equals("[heap]")).mapToLong(Mapping::rssBytes).sum();
        long anonRss = maps.stream().filter(m -> m.path().isEmpty() && m.inode() == 0)
                .mapToLong(Mapping::rssBytes).sum();
        long fromHeap = w.claims().stream().filter(c -> c.from() == Category.HEAP)
                .mapToLong(ResidentClaim::bytes).sum();
        long fromAnon = w.claims().stream().filter(c -> c.from() == Category.ANONYMOUS)
                .mapToLong(ResidentClaim::bytes).sum();
        assertTrue(fromHeap <= heapRss, "claims from [heap] " + fromHeap + " > Rss " + heapRss);
        assertTrue(fromAnon <= anonRss, "claims from anonymous " + fromAnon + " > Rss " + anonRss);
    }

    @Test
    void singleThreaded() throws Exception {
        try (StoppedFixture f = StoppedFixture.start("glibc_single")) {
            GlibcHeap heap = assertMatchesOracle(f);
            GlibcArena main = heap.arenas().get(0);
            assertTrue(main.tcacheCount() > 0, "tcache chunks found");
            assertTrue(main.freeCount() > 1000, "bin chunks found");
            assertClaimsPartitionHeap(f);
        }
    }

    @Test
    void threadsGiveThreeOrMoreArenas() throws Exception {
        try (StoppedFixture f = StoppedFixture.start("glibc_threads")) {
            GlibcHeap heap = assertMatchesOracle(f);
            assertTrue(heap.arenas().size() >= 4, "arenas: " + heap.arenas().size());
            assertTrue(heap.arenas().stream().anyMatch(a -> a.heapCount() >= 2), "an arena with two heaps");
        }
    }

    @Test
    void tcacheHeavy() throws Exception {
        try (StoppedFixture f = StoppedFixture.start("glibc_tcache")) {
            GlibcHeap heap = assertMatchesOracle(f);
            // three threads, each in an arena of its own (main and two thread arenas), each with 64 full tcache
            // bins of 7 entries: malloc(24 + 16 i) gives chunks of 32 + 16 i bytes
            assertEquals(3, heap.arenas().size());
            long tcache = 7 * LongStream.range(0, 64).map(i -> 32 + 16 * i).sum();
            // libc's own debug info (libc6-dbg): the headers at the start of a thread arena's heap, and the
            // tcache_perthread_struct every thread allocates in its arena first
            Map<String, Long> size = GdbOracle.sizes("/lib/x86_64-linux-gnu/libc.so.6", "heap_info",
                    "struct malloc_state", "struct tcache_perthread_struct");
            long perthread = chunk(size.get("struct tcache_perthread_struct"));
            for (GlibcArena a : heap.arenas()) {
                String what = a.kind() + " arena 0x" + Long.toHexString(a.address());
                assertEquals(7 * 64, a.tcacheCount(), what + " tcache count");
                assertEquals(tcache, a.tcacheBytes(), what + " tcache bytes");
                if (a.kind().equals("thread")) {
                    // in use: the thread's 448 guards, malloc(40) = 48-byte chunks, and its tcache_perthread_struct
                    assertEquals(7 * 64 + 1, a.inUseCount(), what + " in-use count");
                    assertEquals(7 * 64 * 48 + perthread, a.inUseBytes(), what + " in use");
                    // one heap: heap_info, then malloc_state, rounded up to the chunk alignment
                    assertEquals(1, a.heapCount(), what);
                    assertEquals(roundUp16(size.get("heap_info") + size.get("struct malloc_state")),
                            a.metadataBytes(), what + " metadata");
                } else {
                    // the main arena's malloc_state is in libc's data, and [heap] has no heap_info
                    assertEquals(0, a.metadataBytes(), what + " metadata");
                }
            }
        }
    }

    private static long roundUp16(long n) {
        return (n + 15) & ~15L;
    }

    /** The chunk glibc 2.36 on x86_64 gives a request: its size plus the 8-byte size field, 16-aligned, 32 at least. */
    private static long chunk(long request) {
        return Math.max(32, roundUp16(request + 8));
    }

    @Test
    void fastbinHeavy() throws Exception {
        try (StoppedFixture f = StoppedFixture.start("glibc_fastbin")) {
            GlibcHeap heap = assertMatchesOracle(f);
            assertEquals(2 * 7 * 500, heap.arenas().stream().mapToLong(GlibcArena::fastbinCount).sum());
        }
    }

    @Test
    void manyMmappedBlocks() throws Exception {
        try (StoppedFixture f = StoppedFixture.start("glibc_mmapped")) {
            GlibcHeap heap = assertMatchesOracle(f);
            assertEquals(200, heap.mmapped().count());
            long histMmapped = heap.histogram().stream().mapToLong(SizeClass::mmappedBytes).sum();
            assertEquals(heap.mmapped().bytes(), histMmapped);
        }
    }

    /** Rss of [heap] from smaps, read now. */
    static long heapRssBytes(int pid) {
        return SmapsParser.parse(LiveProcessImage.readProcFile(pid, "smaps")).stream()
                .filter(m -> m.path().equals("[heap]")).mapToLong(Mapping::rssBytes).sum();
    }

    @Test
    void fragmentedHeap() throws Exception {
        try (StoppedFixture f = StoppedFixture.start("glibc_fragmented")) {
            GlibcHeap heap = assertMatchesOracle(f);
            GlibcArena main = heap.arenas().get(0);
            // the freed 8 MiB run is whole resident pages malloc_trim could return; the small holes are not
            assertTrue(main.trimmableBytes() >= (8 << 20) - 8192, "trimmable " + main.trimmableBytes());
            assertTrue(main.freeResidentBytes() >= main.trimmableBytes());
            assertClaimsPartitionHeap(f);
            // the oracle: the fixture calls malloc_trim(0) itself; the heap's RSS drops by exactly the trimmable bytes
            long before = heapRssBytes(f.pid());
            f.process.send("trim");
            ProcStates.cont(f.pid());
            f.process.awaitLine("TRIMMED", 60);
            ProcStates.awaitStopped(f.pid(), Duration.ofSeconds(60));
            assertEquals(before - heapRssBytes(f.pid()), main.trimmableBytes(), "trimmable vs RSS malloc_trim freed");
            // fragmented (free bytes on pages shared with in-use chunks) has no oracle of its own; it is bounded by
            // the free bytes malloc_info reports, which it cannot exceed
            assertTrue(main.fragmentedBytes() > 10 << 20 && main.fragmentedBytes() <= main.freeBytes()
                    + main.topBytes(), "fragmented " + main.fragmentedBytes());
        }
    }
}
