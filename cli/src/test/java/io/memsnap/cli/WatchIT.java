// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.fixtures.LuaFixture;
import io.memsnap.fixtures.NginxFixture;
import io.memsnap.fixtures.ProcStates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code memsnap watch} and {@code memsnap report DIR} against real processes: a steady one and a growing one. */
@EnabledOnOs(OS.LINUX)
class WatchIT {
    private static final long MIB = 1L << 20;

    @TempDir
    Path tmp;

    private final OverTimeCli cli = new OverTimeCli();

    /** Runs {@code promtool check metrics} (Debian prometheus) on {@code text}, failing on a non-zero exit. */
    private static String promtool(String text) throws Exception {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void aSteadyFixtureUnderLoadHasNoGrowthAndNoTimeToLimit() throws Exception {
        try (LuaFixture lua = LuaFixture.start("strings")) {
            lua.step(3); // fills the ring and compiles the traces
            AtomicBoolean stop = new AtomicBoolean();
            Thread load = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        lua.step(1);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            load.start();
            Path dir = tmp.resolve("series");
            try {
                cli.check(cli.run("watch", "-p", Integer.toString(lua.pid()), "--interval", "1s", "--count", "6",
                        "--freeze", "-o", dir.toString()));
            } finally {
                stop.set(true);
                load.join();
            }
            assertEquals(6, cli.out.toString().lines().count(), cli.out.toString());
            cli.check(cli.run("report", dir.toString(), "--format", "json"));
            JsonNode series = new ObjectMapper().readTree(cli.out.toString());
            JsonNode ttl = series.get("time_to_limit");
            assertFalse(ttl.has("seconds"), ttl.toString());
            assertTrue(ttl.get("text").asText().startsWith("No time"), ttl.toString());
            assertTrue(series.get("findings").get(0).asText().startsWith("RSS over"), series.toString());
            // the first and the last sample diffed: steady, never growth
            List<Path> samples;
            try (Stream<Path> s = Files.list(dir)) {
                samples = s.filter(p -> p.toString().endsWith(".json.gz")).sorted().toList();
            }
            JsonNode diff = cli.diffJson(samples.get(0), samples.get(samples.size() - 1));
            assertTrue(OverTimeCli.findingIds(diff).startsWith("rss.steady"), diff.get("findings").toString());
        }
    }

    @Test
    void aMasterPidCoversWorkersThatComeAndGo() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("strings", 2)) {
            Path dir = tmp.resolve("series");
            int victim = nginx.workerPids().get(0);
            int[] code = {-1};
            Thread watch = new Thread(() -> code[0] = cli.run("watch", "-p", Integer.toString(nginx.masterPid()),
                    "--interval", "1s", "--count", "5", "-o", dir.toString()));
            watch.start();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (cli.out.toString().lines().count() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            ProcStates.signal(victim, "KILL"); // the master starts a new worker
            watch.join();
            assertEquals(0, code[0], cli.err.toString());
            cli.check(cli.run("report", dir.toString(), "--format", "json"));
            JsonNode series = new ObjectMapper().readTree(cli.out.toString());
            assertEquals(5, series.get("process_counts").size());
            assertEquals(3, series.get("process_counts").get(0).asInt());
            assertEquals(3, series.get("process_counts").get(4).asInt(), series.get("process_counts").toString());
            List<Path> samples;
            try (Stream<Path> s = Files.list(dir)) {
                samples = s.filter(p -> p.toString().endsWith(".json.gz")).sorted().toList();
            }
            JsonNode diff = cli.diffJson(samples.get(0), samples.get(4));
            String mismatches = diff.get("mismatches").toString();
            assertTrue(mismatches.contains("workers were replaced (" + victim + " -> "), mismatches);
            assertTrue(diff.get("pairs").get(diff.get("pairs").size() - 1).get("label").asText()
                    .startsWith("workers replaced (" + victim + " -> "), diff.get("pairs").toString());
        }
    }

    @Test
    void timeToTheCgroupLimitIsWithinTwentyPercentOfWhenTheFixtureReachesIt() throws Exception {
        long limit = 192 * MIB;
        String name = "memsnap-overtime-" + ProcessHandle.current().pid();
        try (TestCgroup group = TestCgroup.create(name, limit);
                FixtureProcess fx = FixtureProcess.start(List.of(Fixtures.compileC("steady_growth").toString(),
                        "1024", "200"))) {
            // 1 MiB every 200 ms: 5 MiB/s, the limit after ~38 s; six samples take ~6 s (more on a busy machine)
            group.add(fx.pid());
            fx.send("go");
            Path dir = tmp.resolve("series");
            Path prom = tmp.resolve("memsnap.prom");
            cli.check(cli.run("watch", "-p", Integer.toString(fx.pid()), "--interval", "1s", "--count", "6", "-o",
                    dir.toString(), "--textfile", prom.toString()));
            System.out.print(cli.out);
            String textfile = Files.readString(prom);
            assertEquals("", promtool(textfile));
            assertTrue(textfile.contains("\nmemsnap_time_to_limit_seconds{source=\"cgroup memory limit\"} ")
                    && textfile.contains("\nmemsnap_limit_bytes{source=\"cgroup memory limit\"} " + limit + "\n"),
                    textfile);
            try (var left = Files.list(tmp)) {
                assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith(".memsnap.prom.")).toList(), "temporary files left behind");
            }
            // node_exporter reads the textfile as its own user
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(prom)));
            cli.check(cli.run("report", dir.toString(), "--format", "json"));
            JsonNode series = new ObjectMapper().readTree(cli.out.toString());
            JsonNode ttl = series.get("time_to_limit");
            assertEquals("cgroup memory limit", ttl.get("limit_source").asText(), ttl.toString());
            assertEquals(limit, ttl.get("limit_bytes").asLong());
            assertTrue(ttl.has("seconds"), ttl.toString());
            JsonNode at = series.get("captured_at");
            Instant last = Instant.parse(at.get(at.size() - 1).asText());
            Instant predicted = last.plusMillis(Math.round(ttl.get("seconds").asDouble() * 1000));
            Instant actual = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                if (group.hitLimit() || !ProcStates.alive(fx.pid())) {
                    actual = Instant.now();
                    break;
                }
                Thread.sleep(10);
            }
            assertTrue(actual != null, "the fixture never reached its limit");
            double remaining = Duration.between(last, actual).toMillis();
            double error = Math.abs(Duration.between(predicted, actual).toMillis());
            System.out.printf("time to limit: predicted %s, actual %s, %.0f ms after the last sample, error %.1f%%%n",
                    predicted, actual, remaining, 100 * error / remaining);
            assertTrue(error <= 0.2 * remaining, "predicted " + predicted + ", reached " + actual + ": "
                    + ttl.get("text").asText());
        }
    }
}
