// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import static io.memsnap.snapshot.nginx.LeakModuleIT.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.NginxFixture;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.ShmZone;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The fixture's {@code lua_shared_dict memsnap_fixture} (8 MiB) against the dict's own oracle: first 2,000 keys plus
 * 100 keys that expire after 1 ms, then driven past full with {@code safe_set} so sets fail. Keys, value bytes,
 * free space, expired entries and failed allocations must equal what the dict says.
 */
@EnabledOnOs(OS.LINUX)
class SharedDictIT {

    @Test
    void sharedDictKeysExpiredEntriesAndFailuresMatchTheDictsOwnCounts() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("shdict_full", 1)) {
            String first = nginx.get("/work?n=1");
            assertEquals(100, number(first, "expiring_keys"));
            assertEquals(0, number(first, "failed_sets"));
            ShmZone z = zone(nginx);
            assertEquals("lua_shared_dict", z.kind());
            assertEquals("ngx_http_lua_module", z.module());
            assertEquals(8L << 20, z.sizeBytes());
            assertEquals(number(first, "live_keys") + 100, z.keys().orElseThrow(), "keys, expired included");
            assertEquals(100, z.expiredKeys().orElseThrow());
            assertEquals(100L * (32 + 36 + 13 + 200), z.expiredBytes().orElseThrow());
            assertEquals(z.keys().orElseThrow() * 200, z.valueBytes().orElseThrow());
            assertEquals(number(first, "free_space_bytes"), z.freeBytes(), "free_space()");
            assertEquals(0, z.failedAllocations());

            String full = nginx.get("/work?n=10");
            long failed = number(full, "failed_sets");
            assertTrue(failed > 1000, full);
            ShmZone f = zone(nginx);
            assertEquals(failed, f.failedAllocations(), "failed safe_sets are failed slab allocations");
            assertEquals(number(full, "live_keys") + 100, f.keys().orElseThrow());
            assertEquals(100, f.expiredKeys().orElseThrow(), "the expired keys of the first step stay resident");
            assertEquals(number(full, "free_space_bytes"), f.freeBytes());
            assertEquals(f.sizeBytes(), number(full, "capacity_bytes"));
            assertTrue(f.usedBytes() + f.freeBytes() <= f.sizeBytes());
        }
    }

    private static ShmZone zone(NginxFixture nginx) throws Exception {
        int worker = nginx.workerPids().get(0);
        Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(false), "test");
        ProcessSnapshot p = capturer.captureLive(worker, CaptureOptions.defaults()).processes().get(0);
        NginxSection s = p.nginx().orElseThrow(() -> new AssertionError(p.warnings().toString()));
        ShmZone z = s.shmZones().stream().filter(x -> x.name().equals("memsnap_fixture")).findFirst()
                .orElseThrow(() -> new AssertionError(s.shmZones().toString()));
        assertTrue(z.residentBytes() > 0, "the dict's pages are resident");
        assertEquals(List.of(new BreakdownEntry(Category.NGINX_SHM, z.residentBytes(),
                Optional.of("memsnap_fixture"))), p.breakdown().stream()
                .filter(e -> e.label().equals(Optional.of("memsnap_fixture"))).toList(), "the zone's own entry");
        return z;
    }
}
