// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.NginxFixture;
import io.memsnap.fixtures.ProcStates;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.model.nginx.ShmZone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * PSS and USS per process against the kernel's own {@code /proc/PID/smaps_rollup}, and the instance total against
 * the one thing every nginx process shares: the 8 MiB lua_shared_dict zone counts once in the sum of PSS.
 */
@EnabledOnOs(OS.LINUX)
class InstanceMemoryIT {
    @Test
    void pssAndUssMatchSmapsRollupAndTheSharedZoneCountsOnce() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("shdict", 2)) {
            List<Integer> pids = nginx.stopAll();
            try {
                // file pages' sharing moves whenever another process on the machine maps or unmaps the same
                // library (other nginx instances run here): the kernel's numbers read just before and just after
                // the capture bound the captured ones
                Map<Integer, String> before = rollups(pids);
                Snapshot s = new Capturer(Clock.systemUTC(), Layers.all(false), "test")
                        .captureLive(nginx.masterPid(), new CaptureOptions(false, true, Duration.ofSeconds(5)));
                Map<Integer, String> after = rollups(pids);
                InstanceMemory mem = InstanceMemory.of(s);
                assertEquals(3, mem.processes().size());
                for (ProcessMemory pm : mem.processes()) {
                    long mappings = s.processes().stream().filter(p -> p.pid() == pm.pid()).findFirst().orElseThrow()
                            .mappings().size();
                    // smaps truncates each mapping's Pss to whole kB; smaps_rollup sums first
                    assertBetween(pm.pssBytes(), before, after, pm.pid(), "Pss:", mappings * 1024);
                    long b = kb(before.get(pm.pid()), "Private_Clean:") + kb(before.get(pm.pid()), "Private_Dirty:");
                    long a = kb(after.get(pm.pid()), "Private_Clean:") + kb(after.get(pm.pid()), "Private_Dirty:");
                    assertTrue(pm.ussBytes() >= Math.min(a, b) && pm.ussBytes() <= Math.max(a, b),
                            pm.pid() + " uss " + pm.ussBytes() + " kernel " + b + ".." + a);
                    assertBetween(pm.rssBytes(), before, after, pm.pid(), "Rss:", 0);
                }
                long zoneRss = 0;
                long zonePssSum = 0;
                for (ProcessSnapshot p : s.processes()) {
                    Mapping zone = p.mappings().stream().filter(m -> m.path().startsWith("/dev/zero")
                            && m.sizeBytes() >= 8 << 20).findFirst().orElseThrow(() -> new AssertionError(p.pid()
                                    + " maps no 8 MiB zone"));
                    zoneRss = Math.max(zoneRss, zone.rssBytes());
                    zonePssSum += zone.pssBytes();
                }
                assertTrue(zoneRss > 0, "the zone is resident");
                assertTrue(Math.abs(zonePssSum - zoneRss) <= 3 * 1024, "the zone counts once: pss sum " + zonePssSum
                        + " rss " + zoneRss);
                assertTrue(mem.rssSumBytes() - mem.pssSumBytes() >= 2 * zoneRss - 3 * 1024,
                        "summing RSS counts the zone three times");
                // the nginx layer's own zone: its PSS in each process is the kernel's Pss of the zone's mapping (every
                // process mapping it is stopped, so it cannot move), and summed over the instance it counts once
                long zonePss = 0;
                long zoneResident = 0;
                long zoneResidentSum = 0;
                for (ProcessSnapshot p : s.processes()) {
                    ShmZone z = p.nginx().orElseThrow(() -> new AssertionError(p.warnings().toString())).shmZones()
                            .stream().filter(x -> x.name().equals("memsnap_fixture")).findFirst().orElseThrow();
                    assertEquals(smapsPss(p.pid(), z.address()), z.pssBytes(), p.pid() + " zone pss");
                    assertTrue(z.pssBytes() <= z.residentBytes(), "a zone shared by 3 processes: PSS at most resident");
                    zonePss += z.pssBytes();
                    zoneResident = Math.max(zoneResident, z.residentBytes());
                    zoneResidentSum += z.residentBytes();
                }
                SharedZoneMemory counted = mem.zones().stream().filter(z -> z.name().equals("memsnap_fixture"))
                        .findFirst().orElseThrow(() -> new AssertionError(mem.zones().toString()));
                assertEquals(3, counted.processes());
                assertEquals(zonePss, counted.pssSumBytes());
                assertEquals(zonePssSum, counted.pssSumBytes(), "the zone's PSS is its mapping's");
                assertTrue(Math.abs(counted.pssSumBytes() - zoneResident) <= 3 * 1024,
                        "counted once: " + counted + " vs resident " + zoneResident);
                assertEquals(zoneResidentSum, counted.rssSumBytes(), "summing RSS counts it in every process");
            } finally {
                for (int pid : pids) {
                    ProcStates.cont(pid);
                }
            }
        }
    }

    /** The {@code Pss} of the mapping starting at {@code address} in {@code /proc/PID/smaps}. */
    private static long smapsPss(int pid, long address) throws java.io.IOException {
        String head = Long.toHexString(address) + "-";
        boolean in = false;
        for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "smaps"))) {
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                in = line.startsWith(head);
            } else if (in && line.startsWith("Pss:")) {
                return Long.parseLong(line.substring(4).replace("kB", "").trim()) * 1024;
            }
        }
        throw new AssertionError("no mapping at " + head + " in /proc/" + pid + "/smaps");
    }

    private static Map<Integer, String> rollups(List<Integer> pids) throws java.io.IOException {
        Map<Integer, String> out = new HashMap<>();
        for (int pid : pids) {
            out.put(pid, Files.readString(Path.of("/proc", Integer.toString(pid), "smaps_rollup")));
        }
        return out;
    }

    private static void assertBetween(long value, Map<Integer, String> before, Map<Integer, String> after, int pid,
            String key, long roundingBytes) {
        long b = kb(before.get(pid), key);
        long a = kb(after.get(pid), key);
        assertTrue(value >= Math.min(a, b) - roundingBytes && value <= Math.max(a, b),
                pid + " " + key + " " + value + ", kernel " + b + " before and " + a + " after");
    }

    private static long kb(String rollup, String key) {
        for (String line : rollup.split("\n")) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).replace("kB", "").trim()) * 1024;
            }
        }
        throw new AssertionError("no " + key + " in smaps_rollup");
    }
}
