// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import static io.memsnap.cli.OverTimeCli.deltaBytes;
import static io.memsnap.cli.OverTimeCli.deltaCount;
import static io.memsnap.cli.OverTimeCli.finding;
import static io.memsnap.cli.OverTimeCli.findingIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.fixtures.LuaFixture;
import io.memsnap.fixtures.ReloadingNginx;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code memsnap diff} between two captures of a leaking fixture: the diff names the grown category and item, with
 * the magnitudes the fixture says it added (glibc: exact chunk counts, bytes within page rounding; LuaJIT: gc.total
 * exactly as the target's own collectgarbage("count") moved). A stock nginx master reloaded 20 times with a growing
 * configuration: the diff says in words how much its cycle pool grew, by the pool sizes the two captures hold.
 */
@EnabledOnOs(OS.LINUX)
class DiffIT {
    private static final long PAGE = 4096;

    @TempDir
    Path tmp;

    private final OverTimeCli cli = new OverTimeCli();

    @Test
    void cLeakGrowthIsGlibcChunksOfTheSizesTheFixtureMalloced() throws Exception {
        try (LuaFixture lua = LuaFixture.start("c_leak")) {
            Path a = tmp.resolve("a.json.gz");
            Path b = tmp.resolve("b.json.gz");
            cli.snapshot(lua.pid(), a);
            JsonNode step = new ObjectMapper().readTree(lua.step(5));
            cli.snapshot(lua.pid(), b);
            JsonNode diff = cli.diffJson(a, b);
            // 20 blocks of 256..512 KiB, each a glibc mmapped chunk of its size plus one page (header + rounding)
            long big = step.get("big_bytes").asLong();
            long bigCount = step.get("big_blocks").asLong();
            assertEquals(20, bigCount);
            assertEquals(bigCount, deltaCount(diff, "glibc", "size_class", "256–512 KiB")
                    + deltaCount(diff, "glibc", "size_class", "512 KiB–1 MiB"));
            long bigDelta = deltaBytes(diff, "glibc", "size_class", "256–512 KiB")
                    + deltaBytes(diff, "glibc", "size_class", "512 KiB–1 MiB");
            assertTrue(bigDelta >= big && bigDelta <= big + bigCount * PAGE, bigDelta + " vs " + big);
            assertEquals(bigDelta, deltaBytes(diff, "glibc", "heap", "mmapped"));
            // 320 blocks of 16 KiB from the main arena: chunks of 16 KiB + 16 bytes of header and alignment
            long small = step.get("small_bytes").asLong();
            assertEquals(320, deltaCount(diff, "glibc", "size_class", "16–32 KiB"));
            assertEquals(small + 320 * 16, deltaBytes(diff, "glibc", "size_class", "16–32 KiB"));
            // every byte was memset: RSS grew by at least that, and glibc in use carries it
            long rss = deltaBytes(diff, "rss", "total", "rss");
            assertTrue(rss >= big + small && rss <= big + small + (2L << 20), rss + " vs " + (big + small));
            assertTrue(deltaBytes(diff, "rss", "category", "glibc_used") >= big + small);
            String text = finding(diff, "rss.growth");
            assertTrue(text.contains("of it is glibc in use") && text.contains("256–512 KiB glibc chunks")
                    && text.contains("16–32 KiB glibc chunks (+5.0 MiB, +320,"), text);
        }
    }

    @Test
    void liveDiffCapturesTwiceAnIntervalApart() throws Exception {
        try (LuaFixture lua = LuaFixture.start("c_leak")) {
            int[] code = {-1};
            Thread diff = new Thread(() -> code[0] = cli.run("diff", "-p", Integer.toString(lua.pid()), "--interval",
                    "3s", "--freeze", "--format", "json"));
            diff.start();
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!cli.err.toString().contains("first capture done") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(cli.err.toString().contains("the second follows in 3 s"), cli.err.toString());
            JsonNode step = new ObjectMapper().readTree(lua.step(1));
            diff.join();
            assertEquals(0, code[0], cli.err.toString());
            JsonNode d = new ObjectMapper().readTree(cli.out.toString());
            assertTrue(d.get("elapsed_seconds").asLong() >= 3, d.get("elapsed_seconds").toString());
            assertEquals(step.get("big_blocks").asLong(), deltaCount(d, "glibc", "heap", "mmapped"));
            assertEquals(64, deltaCount(d, "glibc", "size_class", "16–32 KiB"));
            assertTrue(findingIds(d).startsWith("rss.growth"), findingIds(d));
        }
    }

    @Test
    void tableLeakIsLiveLuaGrowthEqualToTheTargetsOwnCount() throws Exception {
        try (LuaFixture lua = LuaFixture.start("table_leak")) {
            Path a = tmp.resolve("a.json.gz");
            Path b = tmp.resolve("b.json.gz");
            lua.step(1);
            // full collections before measuring: the step's own result tables are garbage, not leak
            long before = lua.gcOracle(true, pid -> cli.snapshot(pid, a)).totalBytes();
            lua.step(2);
            long after = lua.gcOracle(true, pid -> cli.snapshot(pid, b)).totalBytes();
            JsonNode diff = cli.diffJson(a, b);
            assertEquals(after - before, deltaBytes(diff, "luajit", "gc", "total"));
            assertEquals(20000, deltaCount(diff, "luajit", "object_type", "table"));
            assertEquals(20000, deltaCount(diff, "luajit", "object_type", "string"));
            String text = finding(diff, "luajit.gc-growth");
            assertTrue(text.contains("table +") && text.contains("(+20,000)") && text.contains("string +"), text);
            assertTrue(!findingIds(diff).contains("luajit.allocator-growth"), findingIds(diff));
        }
    }

    @Test
    void pseudoLeakIsAllocatorGrowthNotALuaLeak() throws Exception {
        try (LuaFixture lua = LuaFixture.start("pseudo_leak")) {
            Path a = tmp.resolve("a.json.gz");
            Path b = tmp.resolve("b.json.gz");
            long before = lua.gcOracle(true, pid -> cli.snapshot(pid, a)).totalBytes();
            lua.step(1);
            long after = lua.gcOracle(true, pid -> cli.snapshot(pid, b)).totalBytes();
            JsonNode diff = cli.diffJson(a, b);
            assertEquals(after - before, deltaBytes(diff, "luajit", "gc", "total"));
            long retained = deltaBytes(diff, "luajit", "allocator", "free retained");
            // the breakdown's LuaJIT free resident category is the same pages
            assertEquals(retained, deltaBytes(diff, "rss", "category", "luajit_free_resident"));
            // the fixture: the allocator stays at ~70 MB resident with ~1.5 MB live after a round
            assertTrue(retained > 50L << 20 && retained < 90L << 20, Long.toString(retained));
            String text = finding(diff, "luajit.allocator-growth");
            assertTrue(text.startsWith("LuaJIT free-but-retained +") && text.endsWith(
                    "allocator growth, not a Lua leak."), text);
            assertTrue(!findingIds(diff).contains("luajit.gc-growth"), findingIds(diff));
        }
    }

    @Test
    void aReloadedMastersCyclePoolGrowthIsSaidInWords() throws Exception {
        try (ReloadingNginx nginx = ReloadingNginx.start(tmp.resolve("nginx"))) {
            Path a = tmp.resolve("a.json.gz");
            Path b = tmp.resolve("b.json.gz");
            String master = Integer.toString(nginx.master());
            cli.check(cli.run("snapshot", "-p", master, "--no-workers", "-o", a.toString()));
            nginx.reload(20);
            cli.check(cli.run("snapshot", "-p", master, "--no-workers", "-o", b.toString()));
            long before = cyclePoolBytes(a);
            long after = cyclePoolBytes(b);
            // every reload adds 500 map entries of at least 11 bytes each to the configuration the cycle pool holds
            assertTrue(after - before > 11L * 20 * ReloadingNginx.STEP, before + " -> " + after);
            JsonNode diff = cli.diffJson(a, b);
            assertEquals(after - before, deltaBytes(diff, "nginx", "owner", "nginx: cycle"));
            String words = finding(diff, "nginx.cycle-growth");
            assertTrue(words.startsWith("nginx cycle pool +" + HumanUnits.bytes(after - before) + " ("
                    + HumanUnits.bytes(before) + " -> " + HumanUnits.bytes(after) + "): the configuration nginx holds "
                    + "grew"), words);
            cli.check(cli.run("diff", a.toString(), b.toString()));
            assertTrue(cli.out.toString().contains(words.substring(0, 40)), cli.out.toString());
            // the report of one capture states the master's cycle pool and its size
            cli.check(cli.run("report", b.toString()));
            assertTrue(cli.out.toString().contains("nginx: cycle"), cli.out.toString());
        }
    }

    /** The bytes of the {@code nginx: cycle} owner in a snapshot file of one process. */
    private static long cyclePoolBytes(Path file) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            for (JsonNode o : new ObjectMapper().readTree(in).get("processes").get(0).get("nginx").get("owners")) {
                if (o.get("owner").asText().equals("nginx: cycle")) {
                    return o.get("bytes").asLong();
                }
            }
        }
        throw new AssertionError("no nginx: cycle owner in " + file);
    }
}
