// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import static io.memsnap.snapshot.nginx.LeakModuleIT.addresses;
import static io.memsnap.snapshot.nginx.LeakModuleIT.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.NginxFixture;
import io.memsnap.fixtures.ProcStates;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.target.CorruptedImage;
import io.memsnap.snapshot.target.ProcessImage;
import io.memsnap.snapshot.target.live.LiveFacts;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Pools that do not validate (a block chain that loops back on itself, a large allocation that is not a glibc chunk,
 * as a torn list or corruption would look) are left out with a warning; the other pools, and the glibc, LuaJIT and
 * RSS results of the same capture, stay.
 */
@EnabledOnOs(OS.LINUX)
class TornPoolsIT {

    @Test
    void invalidPoolsBecomeAWarningAndEverythingElseStays() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("pseudo_leak", 1, true)) {
            String truth = nginx.get("/leak?n=3");
            int worker = (int) number(truth, "pid");
            List<Long> pools = addresses(truth).stream().toList();
            ProcStates.signal(worker, "STOP");
            ProcStates.awaitStopped(worker, Duration.ofSeconds(10));
            ProcessSnapshot p;
            try (LiveProcessImage image = LiveProcessImage.open(worker)) {
                long secondBlock = image.memory().readLong(pools.get(0) + 16);
                long firstLargeNode = image.memory().readLong(pools.get(1) + 56);
                assertTrue(secondBlock != 0 && firstLargeNode != 0, "the leak pools have blocks and large nodes");
                // block 2's d.next points back at itself; pool 2's first large allocation points nowhere
                ProcessImage torn = new CorruptedImage(image, Map.of(secondBlock + 16, secondBlock,
                        firstLargeNode + 8, 0x1234560L));
                Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(false), "test");
                p = capturer.assemble(torn, LiveFacts.read(worker, image.mappings()), List.of());
            } finally {
                ProcStates.cont(worker);
            }
            NginxSection n = p.nginx().orElseThrow(() -> new AssertionError(p.warnings().toString()));
            assertEquals(2, n.pools().rejected());
            assertEquals(number(truth, "pools") - 2, n.owners().stream()
                    .filter(o -> o.owner().equals(LeakModuleIT.MODULE)).findFirst().orElseThrow().pools());
            assertTrue(p.warnings().contains("nginx: 2 pool-like heads failed validation (torn lists on a running "
                    + "target, or not pools); not counted"), p.warnings().toString());
            assertTrue(p.glibc().isPresent() && p.luajit().isPresent(), "the other layers stay");
            assertEquals(p.rssBytes(), p.breakdown().stream().mapToLong(BreakdownEntry::bytes).sum());
        }
    }
}
