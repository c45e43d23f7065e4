// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.SmapsParser;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The allocation calls a burst reports trapped ({@link UprobeHits}, the kernel's uprobe_profile) against the
 * trace_leaks fixture's source: one "go" runs 200 rounds, each calling malloc 53 times (54 when the round number is
 * a multiple of 4), calloc twice and realloc twice (glibc's calloc and realloc do not go through malloc's entry):
 * 11,450 calls, every one counted whatever its size, none filtered out by {@code --min-size}.
 */
@EnabledOnOs(OS.LINUX)
class BurstCallsIT {
    private static final long CALLS_PER_GO = 200 * (53 + 2 + 2) + 50;

    @AfterEach
    void noProbeLeftBehind() {
        assertEquals(List.of(), PerfTool.unattendedGroups(), "memsnap probe groups left in uprobe_events");
    }

    @Test
    void aBurstCountsEveryCallOfTheProbedAllocatorsWhileItsBreakpointsAreIn() throws Exception {
        Path bin = Fixtures.compileC("trace_leaks", "-O2", "-fomit-frame-pointer");
        Path dir = Files.createTempDirectory("memsnap-burst-calls-");
        try (FixtureProcess fx = FixtureProcess.start(List.of(bin.toString()))) {
            int self = (int) ProcessHandle.current().pid();
            List<Probe> probes = ProbePlan.forProcess(fx.pid(), self, 4096,
                    Set.of("malloc", "calloc", "realloc", "memalign"));
            try (PerfRecording rec = PerfRecording.startBursts(PerfTool.locate(), probes, dir)) {
                CompletableFuture<PerfRecording.Calls> burst = CompletableFuture.supplyAsync(() -> {
                    try {
                        return rec.burst(probes, String.valueOf(fx.pid()), dir.resolve("b.data"), 8000, 1, 4096);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertTrue(awaitArmed(fx.pid(), probes, true, 60_000), "the breakpoints never went in");
                fx.send("go");
                fx.awaitLine("LEAKED", 60);
                assertTrue(awaitArmed(fx.pid(), probes, true, 0), "the burst ended before the round did: retry");
                PerfRecording.Calls calls = burst.get(120, TimeUnit.SECONDS);
                assertEquals(CALLS_PER_GO, calls.calls());
                assertTrue(calls.armedMillis() > 0 && calls.perfCpuMillis() >= 0, calls.toString());
            }
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    /** Waits until every probe's first byte in {@code pid} differs from the file's (an int3 is in). */
    private static boolean awaitArmed(int pid, List<Probe> probes, boolean armed, long timeoutMillis)
            throws Exception {
        var maps = SmapsParser.parse(ProcFs.readText(pid, "maps"));
        long end = System.currentTimeMillis() + timeoutMillis;
        try (RandomAccessFile mem = new RandomAccessFile("/proc/" + pid + "/mem", "r")) {
            do {
                boolean all = true;
                for (Probe p : probes) {
                    try (RandomAccessFile file = new RandomAccessFile(p.binary(), "r")) {
                        file.seek(p.fileOffset());
                        mem.seek(ArmedWatch.address(maps, p));
                        all &= (mem.read() != file.read()) == armed;
                    }
                }
                if (all) {
                    return true;
                }
                Thread.sleep(2);
            } while (System.currentTimeMillis() < end);
        }
        return false;
    }
}
