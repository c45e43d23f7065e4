// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.snapshot.model.glibc.CommonSize;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.glibc.GlibcMmapped;
import io.memsnap.snapshot.model.glibc.SizeClass;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The size facts the findings quote ("2,000 of them are 389,136-byte chunks", "N blocks of 4–8 KiB") against a
 * fixture that knows what it allocated: fixtures/c/known_allocs.c makes exactly 16,384 malloc(4096) (chunk size
 * 4096 + 8 rounded up to 16 = 4112) and one malloc(32 MiB), which glibc mmaps (32 MiB + 16 rounded up to a page).
 */
@EnabledOnOs(OS.LINUX)
class GlibcKnownAllocsIT {
    private static final long SMALL_CHUNK = 4112;
    private static final long SMALL_COUNT = 16_384;
    private static final long MMAPPED_CHUNK = (32L << 20) + 4096;

    @Test
    void commonSizesHistogramAndMmappedChunksCountWhatTheFixtureAllocated() throws Exception {
        try (FixtureProcess fx = FixtureProcess.start(List.of(Fixtures.compileC("known_allocs").toString()));
                LiveProcessImage image = LiveProcessImage.open(fx.pid())) {
            GlibcHeap heap = GlibcWalker.walk(image).section().orElseThrow();
            CommonSize top = heap.commonSizes().get(0);
            assertEquals(new CommonSize(SMALL_CHUNK, SMALL_COUNT, SMALL_CHUNK * SMALL_COUNT), top, "most common size");
            SizeClass fourToEight = heap.histogram().stream().filter(c -> c.minBytes() == 4096).findFirst()
                    .orElseThrow();
            assertEquals(8192, fourToEight.maxBytes());
            // the fixture's blocks, plus at most a few of libc's own (stdio buffers are 4 KiB requests too)
            assertTrue(fourToEight.usedCount() >= SMALL_COUNT && fourToEight.usedCount() <= SMALL_COUNT + 4,
                    fourToEight.toString());
            assertEquals(new GlibcMmapped(1, MMAPPED_CHUNK, heap.mmapped().residentBytes()), heap.mmapped());
            assertEquals(MMAPPED_CHUNK, heap.mmapped().residentBytes(), "the fixture wrote every byte of it");
            SizeClass big = heap.histogram().stream().filter(c -> c.minBytes() == 32L << 20).findFirst().orElseThrow();
            assertEquals(1, big.mmappedCount());
            assertEquals(MMAPPED_CHUNK, big.mmappedBytes());
        }
    }
}
