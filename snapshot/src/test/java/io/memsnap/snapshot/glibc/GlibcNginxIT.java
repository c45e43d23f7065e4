// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.MallocInfo;
import io.memsnap.fixtures.NginxFixture;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import io.memsnap.snapshot.walk.LayerResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The nginx fixture's worker answers {@code /oracle/malloc_info} with its own malloc_info() and stops itself;
 * memsnap's walk of the stopped worker must equal it arena by arena.
 */
@EnabledOnOs(OS.LINUX)
class GlibcNginxIT {

    @Test
    void nginxWorkerMatchesItsOwnMallocInfo() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("strings", 1)) {
            for (int i = 0; i < 20; i++) {
                nginx.get("/work?n=200");
            }
            AtomicReference<LayerResult<GlibcHeap>> walk = new AtomicReference<>();
            String xml = nginx.whileStopped("/oracle/malloc_info", pid -> {
                try (LiveProcessImage image = LiveProcessImage.open(pid)) {
                    walk.set(GlibcWalker.walk(image));
                    GlibcOracleIT.assertClaimsFitMappings(walk.get(), image.mappings());
                }
            }).body();
            MallocInfo oracle = MallocInfo.parse(xml);
            LayerResult<GlibcHeap> w = walk.get();
            assertEquals(List.of(), w.warnings());
            GlibcHeap heap = w.section().orElseThrow();
            assertEquals("2.36", heap.version());
            assertEquals(oracle.heaps().size(), heap.arenas().size());
            for (int i = 0; i < heap.arenas().size(); i++) {
                GlibcOracleIT.assertArenaMatches(oracle.heaps().get(i), heap.arenas().get(i));
            }
            assertEquals(oracle.mmapCount(), heap.mmapped().count(), "mmapped count");
            assertEquals(oracle.mmapBytes(), heap.mmapped().bytes(), "mmapped bytes");
            assertTrue(heap.arenas().get(0).inUseCount() > 1000, "an nginx worker has many chunks in use");
            assertTrue(!w.claims().isEmpty(), "resident glibc pages are claimed");
        }
    }
}
