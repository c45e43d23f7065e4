// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.ProcStat;
import io.memsnap.tracer.perf.PerfTool;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code memsnap trace} end to end on the trace_leaks fixture: outputs, exit codes, and no probe left behind. */
@EnabledOnOs(OS.LINUX)
class TraceCommandIT {
    @TempDir
    Path tmp;

    @AfterEach
    void noProbeLeftBehind() {
        assertEquals(List.of(), PerfTool.unattendedGroups(), "memsnap probe groups left in uprobe_events");
    }

    static FixtureProcess fixture() throws Exception {
        Path bin = Fixtures.compileC("trace_leaks", "-O2", "-fomit-frame-pointer");
        return FixtureProcess.start(List.of(bin.toString()));
    }

    /**
     * Runs Main in a thread while the fixture leaks round after round, for {@code leakMillis} (the trace's window);
     * then the fixture rests until the trace returns. (At the end memsnap trace takes a capture of the heap; a child
     * of this JVM, which memsnap runs in, cannot be frozen for it, so its heap must not change meanwhile, as a real
     * target's does not while frozen.)
     */
    static Map.Entry<Integer, String> traceWhileLeaking(FixtureProcess fx, long leakMillis, String... args)
            throws Exception {
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> rc = CompletableFuture.supplyAsync(() -> Main.run(
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args));
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(leakMillis);
        while (!rc.isDone()) {
            if (System.nanoTime() < until) {
                fx.send("go");
            }
            Thread.sleep(400);
        }
        return Map.entry(rc.get(), err.toString());
    }

    @Test
    void foldedAndJsonAgreeAndNameTheLeakSites() throws Exception {
        try (FixtureProcess fx = fixture()) {
            String pid = Integer.toString(fx.pid());
            Path folded = tmp.resolve("leaks.folded");
            var r = traceWhileLeaking(fx, 6000, "trace", "-p", pid, "--duration", "6s", "--older", "1s", "--format",
                    "folded", "-o", folded.toString());
            assertEquals(0, r.getKey(), r.getValue());
            assertTrue(r.getValue().contains("allocated by"), r.getValue());
            long sum = 0;
            for (String line : Files.readAllLines(folded, StandardCharsets.UTF_8)) {
                assertTrue(line.matches("[^; ]+(;[^; ]+)* \\d+"), line);
                assertTrue(line.matches(".*;leak_(malloc|mmap|calloc|realloc)_site;(malloc|calloc|realloc) \\d+"),
                        "only the four leak sites leak: " + line);
                sum += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            }
            assertTrue(sum > 0, "something leaked");
            Path json = tmp.resolve("leaks.json");
            var j = traceWhileLeaking(fx, 3000, "trace", "-q", "-p", pid, "--duration", "3s", "--older", "0", "--format",
                    "json", "-o", json.toString());
            assertEquals(0, j.getKey(), j.getValue());
            assertEquals("", j.getValue(), "--quiet prints nothing");
            JsonNode root = new ObjectMapper().readTree(json.toFile());
            assertEquals("memsnap-trace/1", root.get("format").asText());
            assertTrue(root.get("complete").asBoolean());
            long leaked = 0;
            for (JsonNode s : root.get("stacks")) {
                leaked += s.get("leaked_bytes").asLong();
                assertTrue(s.get("alloc_bytes").asLong() >= s.get("leaked_bytes").asLong(), s.toString());
            }
            assertTrue(leaked > 0);
        }
    }

    @Test
    void targetExitingMidTraceKeepsWhatWasGatheredAndExits3() throws Exception {
        try (FixtureProcess fx = fixture()) {
            Path out = tmp.resolve("exit.json");
            StringWriter err = new StringWriter();
            CompletableFuture<Integer> rc = CompletableFuture.supplyAsync(() -> Main.run(
                    new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), "trace", "-q", "-p",
                    Integer.toString(fx.pid()), "--duration", "120s", "--older", "0", "--format", "json", "-o",
                    out.toString()));
            awaitRecording(ProcessHandle.current().pid()); // memsnap runs in this JVM
            // leak for a while (the default samples in bursts: a single round could fall between them)
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            while (System.nanoTime() < until) {
                fx.send("go");
                fx.awaitLine("LEAKED", 60);
                Thread.sleep(100);
            }
            fx.send("quit");
            assertEquals(3, rc.get(120, TimeUnit.SECONDS), err.toString());
            assertEquals("memsnap: pid " + fx.pid() + " exited during the trace; what was gathered until then was "
                    + "written\n", err.toString());
            JsonNode root = new ObjectMapper().readTree(out.toFile());
            assertTrue(root.get("target_exited").asBoolean());
            assertTrue(root.get("stacks").size() > 0, "the rounds before the exit were kept");
        }
    }

    @Test
    void sigkillOfMemsnapLeavesNoProbeAndTheTargetRunning() throws Exception {
        try (FixtureProcess fx = fixture()) {
            Process memsnap = new ProcessBuilder(javaCommand("trace", "-q", "-p", Integer.toString(fx.pid()),
                    "--duration", "120s", "-o", tmp.resolve("never.json").toString(), "--format", "json"))
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("memsnap.log").toFile()).start();
            awaitRecording(memsnap.pid());
            memsnap.destroyForcibly(); // SIGKILL: no shutdown hook runs
            memsnap.waitFor(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!PerfTool.groupsOf(memsnap.pid()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(List.of(), PerfTool.groupsOf(memsnap.pid()), "the guard deleted the probes after the SIGKILL");
            assertEquals('S', ProcStat.parse(ProcFs.readText(fx.pid(), "stat")).state(), "target not stopped");
            fx.send("go");
            fx.awaitLine("LEAKED", 60);
            String killed = "memsnap-trace-" + memsnap.pid() + "-";
            assertTrue(hasTempDir(killed), "the killed memsnap's recording is still there");
            var r = traceWhileLeaking(fx, 1000, "trace", "-q", "-p", Integer.toString(fx.pid()), "--duration", "1s",
                    "--format", "json", "-o", tmp.resolve("next.json").toString());
            assertEquals(0, r.getKey(), r.getValue());
            assertTrue(!hasTempDir(killed), "the next run removed it");
        }
    }

    @Test
    void noPerfIsAOneLineErrorWithCode7() throws Exception {
        try (FixtureProcess fx = fixture()) {
            ProcessBuilder noPerf = new ProcessBuilder(javaCommand("trace", "-p", Integer.toString(fx.pid()),
                    "--duration", "1s")).redirectErrorStream(true);
            noPerf.environment().put("PATH", tmp.toString());
            Process q = noPerf.start();
            String t2 = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(9, q.waitFor(), t2);
            assertEquals("memsnap: perf not found on PATH: install the linux-perf package (apt-get install "
                    + "linux-perf)\n", t2);
        }
    }

    static boolean hasTempDir(String prefix) throws java.io.IOException {
        try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(prefix));
        }
    }

    /** This JVM's java running Main with the test classpath. */
    static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Waits until a memsnap probe group exists and perf record has had time to enable its events. */
    static void awaitRecording(long memsnap) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (PerfTool.groupsOf(memsnap).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(!PerfTool.groupsOf(memsnap).isEmpty(), "no probe group of memsnap appeared");
        Thread.sleep(5000);
    }
}
