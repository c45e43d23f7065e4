// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.Fixtures;
import io.memsnap.fixtures.MallocInfo;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.walk.LayerResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Corrupted heaps, processes without glibc malloc state: warnings and empty heaps, never exceptions or hangs. */
@EnabledOnOs(OS.LINUX)
class GlibcRobustnessIT {

    @Test
    void corruptedArenasWarnAndTheOthersStayExact() throws Exception {
        try (StoppedFixture f = StoppedFixture.start("glibc_corrupt")) {
            MallocInfo oracle = f.mallocInfo();
            Map<String, Long> corrupted = new HashMap<>();
            for (String line : f.process.seen()) {
                String[] w = line.split(" ");
                if (w.length == 2 && w[1].startsWith("0x")) {
                    corrupted.put(w[0], Long.parseUnsignedLong(w[1].substring(2), 16));
                }
            }
            LayerResult<GlibcHeap> w = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> GlibcOracleIT.walk(f));
            GlibcHeap heap = w.section().orElseThrow();
            assertEquals(oracle.heaps().size(), heap.arenas().size());
            Map<Long, Integer> index = new HashMap<>();
            for (int i = 0; i < heap.arenas().size(); i++) {
                index.put(heap.arenas().get(i).address(), i);
            }
            GlibcArena size = heap.arenas().get(index.get(corrupted.get("SIZE")));
            GlibcArena fastCycle = heap.arenas().get(index.get(corrupted.get("FASTCYCLE")));
            GlibcArena binCycle = heap.arenas().get(index.get(corrupted.get("BINCYCLE")));
            assertTrue(size.warnings().stream().anyMatch(s -> s.contains("bad chunk header")), w.warnings()::toString);
            assertTrue(fastCycle.warnings().stream().anyMatch(s -> s.contains("fastbin") && s.contains("cycle")),
                    w.warnings()::toString);
            assertTrue(binCycle.warnings().stream().anyMatch(s -> s.startsWith("arena") && s.contains(" bin ")), binCycle.warnings()::toString);
            int clean = index.get(corrupted.get("CLEAN"));
            assertEquals(List.of(), heap.arenas().get(clean).warnings());
            GlibcOracleIT.assertArenaMatches(oracle.heaps().get(clean), heap.arenas().get(clean));
            assertEquals(List.of(), heap.arenas().get(0).warnings());
            GlibcOracleIT.assertArenaMatches(oracle.heaps().get(0), heap.arenas().get(0));
            assertTrue(w.warnings().containsAll(size.warnings()));
        }
    }

    @Test
    void processThatNeverCalledMalloc() throws Exception {
        try (StoppedFixture f = StoppedFixture.start("glibc_untouched")) {
            LayerResult<GlibcHeap> w = GlibcOracleIT.walk(f);
            // either libc's start-up allocated nothing (no heap, with the reason) or the walk is clean
            if (w.section().isEmpty()) {
                assertEquals(1, w.warnings().size());
                assertTrue(w.warnings().get(0).contains("not initialised"), w.warnings()::toString);
            } else {
                assertEquals(List.of(), w.warnings());
            }
        }
    }

    @Test
    void staticBinaryHasNoHeapAndSaysWhy() throws Exception {
        try (StoppedFixture f = StoppedFixture.start(Fixtures.compileC("glibc_static", "-static"), "glibc_static")) {
            LayerResult<GlibcHeap> w = GlibcOracleIT.walk(f);
            assertTrue(w.section().isEmpty());
            assertEquals(List.of(), w.claims());
            assertTrue(w.warnings().get(0).contains("no libc.so.6 mapped"), w.warnings()::toString);
        }
    }
}
