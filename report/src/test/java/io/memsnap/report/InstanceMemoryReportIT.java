// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.fixtures.NginxFixture;
import io.memsnap.fixtures.ProcStates;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The printed instance numbers of a real nginx (master and two workers sharing an 8 MiB lua_shared_dict) against the
 * kernel's own {@code /proc/PID/smaps}, read by this test while every process is stopped (so nothing moves): the text
 * line "nginx shared zone ...: X resident, counted once ...; summing RSS would count Y", JSON
 * {@code memory.shm_zones[]}, and the summarised master's "largest:" percentages (each category's bytes over the
 * master's RSS, which is smaps_rollup's {@code Rss}).
 */
@EnabledOnOs(OS.LINUX)
class InstanceMemoryReportIT {
    private static final String ZONE = "memsnap_fixture";

    @Test
    void sharedZoneAndMasterSummaryMatchSmaps() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("shdict", 2)) {
            for (int i = 0; i < 4; i++) {
                nginx.get("/work?n=1");
            }
            List<Integer> pids = nginx.stopAll();
            try {
                Snapshot s = new Capturer(Clock.systemUTC(), Layers.all(false), "test")
                        .captureLive(nginx.masterPid(), new CaptureOptions(false, true, Duration.ofSeconds(5)));
                assertEquals(3, s.processes().size());
                long zoneAddress = s.processes().get(0).nginx().orElseThrow().shmZones().stream()
                        .filter(z -> z.name().equals(ZONE)).findFirst().orElseThrow().address();
                long pssSum = 0;
                long rssSum = 0;
                long size = 0;
                for (int pid : pids) {
                    Smaps zone = Smaps.mappingAt(pid, zoneAddress);
                    pssSum += zone.pssBytes();
                    rssSum += zone.rssBytes();
                    size = zone.sizeBytes();
                }
                String text = render(ReportFormat.TEXT, s).replaceAll("\\s+", " ");
                assertTrue(text.contains(String.format(Locale.ROOT, "nginx shared zone %s (%s): %s resident, counted"
                        + " once (sum of its PSS over 3 processes); summing RSS would count %s.", ZONE,
                        HumanUnits.bytes(size), HumanUnits.bytes(pssSum), HumanUnits.bytes(rssSum))), text);
                assertTrue(rssSum > pssSum, "three processes map the zone: summing RSS counts it more than once");

                JsonNode zones = new ObjectMapper().readTree(render(ReportFormat.JSON, s)).get("memory")
                        .get("shm_zones");
                JsonNode zone = null;
                for (JsonNode z : zones) {
                    zone = z.get("name").asText().equals(ZONE) ? z : zone;
                }
                assertTrue(zone != null, zones.toString());
                assertEquals(size, zone.get("size_bytes").asLong(), "the zone's mapping size");
                assertEquals(3, zone.get("processes").asInt());
                assertEquals(pssSum, zone.get("pss_sum_bytes").asLong(), "sum of smaps Pss of the zone");
                assertEquals(rssSum, zone.get("rss_sum_bytes").asLong(), "sum of smaps Rss of the zone");

                int master = nginx.masterPid();
                long rss = Smaps.rollupRss(master);
                long files = Smaps.privateFileRss(master);
                assertTrue(text.contains(String.format(Locale.ROOT, "PROCESS %d (master, nginx), RSS %s: summarised",
                        master, HumanUnits.bytes(rss))), text);
                // the largest category's bytes come from smaps here; every share's whole is smaps_rollup's Rss
                String largest = text.substring(text.indexOf("largest: ", text.indexOf("PROCESS " + master + " ")));
                assertTrue(largest.startsWith("largest: binary and libraries " + HumanUnits.bytes(files) + " ("
                        + HumanUnits.percent((double) files / rss) + "), "), largest);
                s.processes().stream().filter(p -> p.pid() == master).findFirst().orElseThrow().breakdown()
                        .stream().sorted((x, y) -> Long.compare(y.bytes(), x.bytes())).limit(3)
                        .forEach(e -> assertTrue(largest.contains(e.category().label() + " "
                                + HumanUnits.bytes(e.bytes()) + " (" + HumanUnits.percent((double) e.bytes() / rss)
                                + ")"), e + " in " + largest));
            } finally {
                for (int pid : pids) {
                    ProcStates.cont(pid);
                }
            }
        }
    }

    private static String render(ReportFormat format, Snapshot s) throws IOException {
        StringWriter out = new StringWriter();
        format.renderer().render(s, FindingsEngine.withDefaultRules().analyze(s), ReportOptions.defaults(), out);
        return out.toString();
    }

    /** One mapping's {@code Size}, {@code Rss} and {@code Pss} from {@code /proc/PID/smaps}, in bytes. */
    record Smaps(long sizeBytes, long rssBytes, long pssBytes) {
        static Smaps mappingAt(int pid, long address) throws IOException {
            String head = Long.toHexString(address) + "-";
            boolean in = false;
            long size = -1;
            long rss = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "smaps"))) {
                if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                    in = line.startsWith(head);
                } else if (in && line.startsWith("Size:")) {
                    size = kb(line);
                } else if (in && line.startsWith("Rss:")) {
                    rss = kb(line);
                } else if (in && line.startsWith("Pss:")) {
                    return new Smaps(size, rss, kb(line));
                }
            }
            throw new AssertionError("no mapping at " + head + " in /proc/" + pid + "/smaps");
        }

        /**
         * The {@code Rss} of the private mappings of files (an inode, a path under {@code /} but not {@code /dev}):
         * the executable, its libraries and other mapped files. A shared file mapping fails the test (nginx's master
         * maps none here besides its zones, which are {@code /dev/zero}).
         */
        static long privateFileRss(int pid) throws IOException {
            long sum = 0;
            boolean file = false;
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "smaps"))) {
                if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                    String[] f = line.trim().split("\\s+", 6);
                    String path = f.length > 5 ? f[5] : "";
                    file = !f[4].equals("0") && path.startsWith("/") && !path.startsWith("/dev/");
                    assertTrue(!file || f[1].endsWith("p"), "a shared file mapping: " + line);
                } else if (file && line.startsWith("Rss:")) {
                    sum += kb(line);
                }
            }
            return sum;
        }

        /** A whole-process {@code Rss} from {@code /proc/PID/smaps_rollup}. */
        static long rollupRss(int pid) throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Rss:")) {
                    return kb(line);
                }
            }
            throw new AssertionError("no Rss in /proc/" + pid + "/smaps_rollup");
        }

        private static long kb(String line) {
            return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
    }
}
