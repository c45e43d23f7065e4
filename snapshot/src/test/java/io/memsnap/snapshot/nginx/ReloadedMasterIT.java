// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.ReloadingNginx;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.nginx.Evidence;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master reloaded (HUP) 20 times, its config growing by 500 {@code map} entries each time (as a generated
 * dynamic-upstream config would): the master's cycle pool, which holds the parsed configuration, is found through
 * {@code ngx_cycle}, it is the current cycle's (a new one after every reload, the old ones destroyed), and its size
 * grows with the configuration.
 */
@EnabledOnOs(OS.LINUX)
class ReloadedMasterIT {
    private static final int RELOADS = 20;

    @TempDir
    Path prefix;

    @Test
    void cyclePoolOfAReloadedMasterGrowsWithItsConfiguration() throws Exception {
        try (ReloadingNginx nginx = ReloadingNginx.start(prefix)) {
            NginxSection before = capture(nginx.master());
            PoolOwner first = cycle(before);
            nginx.reload(RELOADS);
            NginxSection after = capture(nginx.master());
            PoolOwner last = cycle(after);
            assertNotEquals(before.cycleAddress(), after.cycleAddress(), "a reload makes a new cycle");
            assertEquals(1, last.pools(), "old cycles' pools are destroyed by the master");
            assertEquals(Evidence.REACHABILITY, last.evidence());
            assertTrue(last.bytes() > first.bytes() + 11L * RELOADS * ReloadingNginx.STEP,
                    first.bytes() + " -> " + last.bytes());
            assertTrue(last.blocks() > first.blocks(), first.blocks() + " -> " + last.blocks());
            System.out.printf(Locale.ROOT, "master cycle pool: %d blocks / %d bytes -> after %d reloads %d blocks / %d"
                    + " bytes%n", first.blocks(), first.bytes(), RELOADS, last.blocks(), last.bytes());
        }
    }

    private static NginxSection capture(int master) {
        Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(false), "test");
        ProcessSnapshot p = capturer.captureLive(master, new CaptureOptions(true, false, Duration.ofSeconds(5)))
                .processes().get(0);
        return p.nginx().orElseThrow(() -> new AssertionError(p.warnings().toString()));
    }

    private static PoolOwner cycle(NginxSection s) {
        return s.owners().stream().filter(o -> o.owner().equals("nginx: cycle")).findFirst()
                .orElseThrow(() -> new AssertionError(s.owners().toString()));
    }
}
