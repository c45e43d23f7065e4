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
import io.memsnap.fixtures.MallocInfo;
import io.memsnap.fixtures.ProcStates;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against real processes and real files: outputs, snapshot round trip, every documented error. */
@EnabledOnOs(OS.LINUX)
class CliIT {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return run(java.io.InputStream.nullInputStream(), args);
    }

    private int run(java.io.InputStream in, String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        return Main.run(in, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private static FixtureProcess knownAllocs() throws IOException, InterruptedException {
        return FixtureProcess.start(List.of(Fixtures.compileC("known_allocs").toString()));
    }

    @Test
    void reportsAPlainCProgramWithRssAndGlibc() throws Exception {
        try (FixtureProcess fx = knownAllocs()) {
            assertEquals(0, run("-p", Integer.toString(fx.pid())), err.toString());
            String text = out.toString();
            assertTrue(text.contains("PROCESS " + fx.pid() + " (other"), text);
            assertTrue(text.contains("glibc 2.36"), text);
            assertTrue(err.toString().startsWith("memsnap: pid " + fx.pid() + " -> stdout in "), err.toString());
        }
    }

    @Test
    void snapshotThenReportPrintsWhatTheLiveRunPrints() throws Exception {
        try (FixtureProcess fx = knownAllocs()) {
            String pid = Integer.toString(fx.pid());
            // a stopped target does not change between the two captures
            ProcStates.signal(fx.pid(), "STOP");
            ProcStates.awaitStopped(fx.pid(), Duration.ofSeconds(5));
            try {
                assertEquals(0, run("-p", pid), err.toString());
                String live = out.toString();
                Path snap = tmp.resolve("snap.json.gz");
                assertEquals(0, run("snapshot", "-p", pid, "-o", snap.toString()), err.toString());
                assertEquals(0, run("report", snap.toString()), err.toString());
                assertEquals(maskCaptureTime(live), maskCaptureTime(out.toString()));
            } finally {
                ProcStates.cont(fx.pid());
            }
        }
    }

    @Test
    void jsonAndHtmlGoToTheNamedFile() throws Exception {
        try (FixtureProcess fx = knownAllocs()) {
            Path json = tmp.resolve("r.json");
            assertEquals(0, run("-p", Integer.toString(fx.pid()), "--format", "json", "-o", json.toString()));
            assertEquals("", out.toString());
            JsonNode root = new ObjectMapper().readTree(json.toFile());
            assertEquals("memsnap-snapshot/1", root.get("format").asText());
            JsonNode p = root.get("processes").get(0);
            assertEquals(fx.pid(), p.get("pid").asInt());
            long sum = 0;
            for (JsonNode e : p.get("breakdown")) {
                sum += e.get("bytes").asLong();
            }
            assertEquals(p.get("rss_bytes").asLong(), sum);
            Path html = tmp.resolve("r.html");
            assertEquals(0, run("-p", Integer.toString(fx.pid()), "--format", "html", "-o", html.toString()));
            assertTrue(Files.readString(html).startsWith("<!DOCTYPE html>"));
        }
    }

    /**
     * The checkout launcher {@code ./memsnap} with the built jar, in a directory of its own (no sources, so it never
     * rebuilds), run as a user would: {@code memsnap -p PID --format json -o FILE}.
     */
    private Path launcher() throws IOException {
        Path root = Fixtures.repoRoot();
        Path launcher = Files.copy(root.resolve("memsnap"), tmp.resolve("memsnap"));
        launcher.toFile().setExecutable(true);
        Files.copy(root.resolve("cli/target/memsnap.jar"),
                Files.createDirectories(tmp.resolve("cli/target")).resolve("memsnap.jar"));
        return launcher;
    }

    @Test
    void launcherJsonMatchesSmapsMallocInfoAndCollectgarbage() throws Exception {
        Path launcher = launcher();
        Path json = tmp.resolve("r.json");
        String[] rollup = new String[1];
        // c_leak: 3 units of 4 mmapped 256-512 KiB blocks and 64 arena blocks of 16 KiB, all kept
        try (LuaFixture lua = LuaFixture.start("c_leak")) {
            lua.step(3);
            String answer = lua.allOracle(false, pid -> {
                rollup[0] = Files.readString(Path.of("/proc/" + pid + "/smaps_rollup"));
                Process p = new ProcessBuilder(launcher.toString(), "-p", Integer.toString(pid), "--format", "json",
                        "-o", json.toString()).redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, log);
            });
            JsonNode oracle = new ObjectMapper().readTree(answer);
            JsonNode p = new ObjectMapper().readTree(json.toFile()).get("processes").get(0);
            assertEquals(lua.pid(), p.get("pid").asInt());
            java.util.regex.Matcher rss = java.util.regex.Pattern.compile("(?m)^Rss:\\s+(\\d+) kB$").matcher(rollup[0]);
            assertTrue(rss.find(), rollup[0]);
            assertEquals(Long.parseLong(rss.group(1)) * 1024, p.get("rss_bytes").asLong(), "RSS vs smaps_rollup");
            MallocInfo mi = MallocInfo.parse(oracle.get("malloc_info").asText());
            JsonNode arenas = p.get("glibc").get("arenas");
            assertEquals(mi.heaps().size(), arenas.size(), "arenas");
            for (int i = 0; i < arenas.size(); i++) {
                MallocInfo.Heap h = mi.heaps().get(i);
                JsonNode a = arenas.get(i);
                assertEquals(h.systemBytes(), a.get("system_bytes").asLong(), "system, arena " + i);
                // malloc_info's in use (system - fast - rest) holds tcache chunks and glibc's headers too
                assertEquals(h.systemBytes() - h.fastBytes() - h.restBytes(), a.get("in_use_bytes").asLong()
                        + a.get("tcache_bytes").asLong() + a.get("metadata_bytes").asLong(), "in use, arena " + i);
            }
            assertEquals(mi.mmapCount(), p.get("glibc").get("mmapped").get("count").asLong(), "mmapped chunks");
            assertEquals(mi.mmapBytes(), p.get("glibc").get("mmapped").get("bytes").asLong(), "mmapped bytes");
            assertEquals(oracle.get("total_bytes").asLong(), p.get("luajit").get("gc_total_bytes").asLong(),
                    "gc.total vs collectgarbage(\"count\")");
        }
    }

    @Test
    void reportsACoreFileOffline() throws Exception {
        try (FixtureProcess fx = knownAllocs()) {
            Path core = tmp.resolve("core");
            Process g = new ProcessBuilder("gcore", "-o", core.toString(), Integer.toString(fx.pid()))
                    .redirectErrorStream(true).start();
            g.getInputStream().readAllBytes();
            assertTrue(g.waitFor(120, TimeUnit.SECONDS) && g.exitValue() == 0, "gcore failed");
            Path file = Path.of(core + "." + fx.pid());
            assertEquals(0, run("report", file.toString()), err.toString());
            assertTrue(out.toString().contains("PROCESS " + fx.pid()), out.toString());
            assertTrue(out.toString().contains("glibc 2.36"), out.toString());
        }
    }

    @Test
    void savedStringPreviewsAreShownOnlyWithShowStrings() throws IOException {
        // a stored snapshot captured with --show-strings: the word "double" occurs only in its Lua string preview
        Path snap = Fixtures.dir().resolve("src/main/resources/snapshots/linux6.1-x86_64-hostile-strings.json");
        for (String format : List.of("text", "json", "html")) {
            assertEquals(0, run("report", snap.toString(), "--format", format), err.toString());
            assertFalse(out.toString().contains("double"), format + " shows a string without --show-strings");
            assertEquals(0, run("report", snap.toString(), "--format", format, "--show-strings"), err.toString());
            assertTrue(out.toString().contains("double"), format + " hides the string with --show-strings");
        }
    }

    @Test
    void noSuchProcessIsExitCode3WithOneLine() {
        assertEquals(3, run("-p", "2147483"));
        assertEquals("memsnap: no process with pid 2147483\n", err.toString());
    }

    @Test
    void aKernelThreadIsExitCode8() {
        // pid 2 is kthreadd on every Linux since 2.6.22
        assertEquals(8, run("-p", "2"));
        assertEquals("memsnap: pid 2 is a kernel thread (kthreadd); it has no user memory to capture\n", err.toString());
    }

    @Test
    void aThreadIdIsExitCode8AndNamesTheProcess() throws Exception {
        try (FixtureProcess fx = FixtureProcess.start(List.of(Fixtures.compileC("thread_stacks", "-pthread").toString()))) {
            int tid = io.memsnap.snapshot.proc.ProcFs.taskIds(fx.pid()).get(1);
            assertEquals(8, run("-p", Integer.toString(tid)));
            assertEquals("memsnap: pid " + tid + " is a thread of process " + fx.pid() + "; capture that pid instead\n",
                    err.toString());
        }
    }

    @Test
    void aZombieIsExitCode8() throws Exception {
        // sh starts a child that exits at once, then becomes sleep, which never reaps it
        Process parent = new ProcessBuilder("sh", "-c", "/bin/true & exec sleep 60").start();
        try {
            int zombie = awaitZombieChild(parent.pid());
            assertEquals(8, run("-p", Integer.toString(zombie)));
            assertEquals("memsnap: pid " + zombie + " (true) is a zombie: it has exited and freed its memory, and waits "
                    + "for its parent (pid " + parent.pid() + ") to collect its exit status; there is nothing to capture\n",
                    err.toString());
        } finally {
            parent.destroyForcibly().waitFor();
        }
    }

    private static int awaitZombieChild(long parent) throws Exception {
        Path children = Path.of("/proc", Long.toString(parent), "task", Long.toString(parent), "children");
        for (int i = 0; i < 500; i++) {
            for (String c : Files.readString(children).trim().split(" ")) {
                if (!c.isEmpty() && Files.readString(Path.of("/proc", c, "stat")).contains(") Z ")) {
                    return Integer.parseInt(c);
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no zombie child of " + parent);
    }

    @Test
    void rootWithoutPtraceCapabilityIsExitCode4AndSaysSo() throws Exception {
        Path jar = Fixtures.repoRoot().resolve("cli/target/memsnap.jar");
        try (FixtureProcess fx = knownAllocs()) {
            // root, but CAP_SYS_PTRACE dropped from the bounding set: the fixture (full capabilities) is out of reach
            String stderr = deniedUnder(jar, fx.pid(), "--bounding-set=-sys_ptrace", "--inh-caps=-sys_ptrace");
            assertTrue(stderr.contains("memsnap runs as root but without the CAP_SYS_PTRACE capability"), stderr);
        }
    }

    @Test
    void aCoreFileThroughAPipeIsReadOnce() throws Exception {
        try (FixtureProcess fx = knownAllocs()) {
            Path file = gcore(fx.pid());
            assertEquals(0, run("report", file.toString()), err.toString());
            String direct = out.toString();
            assertEquals(0, run(Files.newInputStream(file), "report", "-"), err.toString());
            // the same report, but for the name and the time: a piped core's time is when memsnap copied it
            assertEquals(withoutTimes(direct.replace("core " + file, "core stdin")), withoutTimes(out.toString()));
            assertTrue(err.toString().startsWith("memsnap: core stdin -> stdout in "), err.toString());
        }
    }

    private Path gcore(int pid) throws Exception {
        Path core = tmp.resolve("core");
        Process g = new ProcessBuilder("gcore", "-o", core.toString(), Integer.toString(pid))
                .redirectErrorStream(true).start();
        g.getInputStream().readAllBytes();
        assertTrue(g.waitFor(120, TimeUnit.SECONDS) && g.exitValue() == 0, "gcore failed");
        return Path.of(core + "." + pid);
    }

    @Test
    void aCoreReportSaysWhatACoreCannotKnow() throws Exception {
        try (FixtureProcess fx = knownAllocs()) {
            Path file = gcore(fx.pid());
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(
                    java.time.Instant.parse("2026-03-04T05:06:07Z")));
            assertEquals(0, run("report", file.toString()), err.toString());
            String text = out.toString();
            assertTrue(text.contains("captured 2026-03-04T05:06:07Z"), text);
            assertTrue(text.contains("kernel unknown"), text);
            assertTrue(text.contains("captured_at is the core file's modification time"), text);
            assertTrue(text.contains("an inherent limit of core files"), text);
            assertFalse(text.contains("report a bug"), text);
            assertTrue(text.contains("From a core file: RSS is an estimate") && text.contains("sharing is not recorded"),
                    text);
        }
    }

    @Test
    void missingSnapshotFileIsExitCode5() {
        Path f = tmp.resolve("nope.json.gz");
        assertEquals(5, run("report", f.toString()));
        assertOneLine(f.toString());
    }

    @Test
    void corruptSnapshotFilesAreExitCode5() throws IOException {
        Path notJson = Files.writeString(tmp.resolve("bad.json"), "{\"format\": \"memsnap-snapshot/1\", \"processes\": [");
        assertEquals(5, run("report", notJson.toString()));
        assertOneLine(notJson.toString());
        Path otherFormat = Files.writeString(tmp.resolve("other.json"), "{\"format\": \"something-else/9\"}");
        assertEquals(5, run("report", otherFormat.toString()));
        assertOneLine("something-else/9");
        Path truncated = tmp.resolve("trunc.json.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(truncated))) {
            o.write("{\"format\": \"memsnap-snapshot/1\", \"captured_at\": \"x\"".repeat(50).getBytes(StandardCharsets.UTF_8));
        }
        byte[] all = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
        assertEquals(5, run("report", truncated.toString()));
        assertOneLine(truncated.toString());
    }

    @Test
    void unprivilegedUserGetsExitCode4AndHowToFix() throws Exception {
        Path jar = Fixtures.repoRoot().resolve("cli/target/memsnap.jar");
        assertTrue(Files.exists(jar), "the shaded jar is built in package, before integration tests");
        Path copy = Files.copy(jar, tmp.resolve("memsnap.jar"));
        tmp.toFile().setExecutable(true, false);
        tmp.toFile().setReadable(true, false);
        copy.toFile().setReadable(true, false);
        try (FixtureProcess fx = knownAllocs()) {
            String stderr = deniedUnder(copy, fx.pid(), "--reuid=65534", "--regid=65534", "--clear-groups");
            assertTrue(stderr.startsWith("memsnap: ") && stderr.contains("root"), stderr);
        }
    }

    /** Runs {@code memsnap -p PID} from {@code jar} under setpriv; asserts exit 4, one stderr line; returns it. */
    private static String deniedUnder(Path jar, int pid, String... setpriv) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("setpriv"));
        cmd.addAll(List.of(setpriv));
        cmd.addAll(List.of("java", "-jar", jar.toString(), "-p", Integer.toString(pid)));
        Process p = new ProcessBuilder(cmd).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(4, p.exitValue(), stderr);
        assertEquals("", stdout);
        assertEquals(1, stderr.lines().count(), stderr);
        return stderr;
    }

    private void assertOneLine(String mustMention) {
        String e = err.toString();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("memsnap: ") && e.contains(mustMention), e);
        assertFalse(e.contains("\tat "), e);
    }

    /** The report with every timestamp masked and white space collapsed (a masked time wraps differently). */
    private static String withoutTimes(String report) {
        return report.replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "<t>").replaceAll("\\s+", " ");
    }

    private static String maskCaptureTime(String report) {
        return report.replaceAll("captured \\S+", "captured <time>");
    }
}
