// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.snapshot.model.trace.LeakKind;
import io.memsnap.snapshot.model.trace.LeakTrace;
import io.memsnap.snapshot.model.trace.StackTable;
import io.memsnap.tracer.perf.PerfTool;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Traces the trace_leaks fixture (no frame pointers) and checks each leak site against the fixture's own count. */
@EnabledOnOs(OS.LINUX)
class TracerIT {
    static final List<String> SITES = List.of("leak_malloc_site", "leak_mmap_site", "leak_calloc_site",
            "leak_realloc_site");
    static final List<String> BALANCED = List.of("balanced_malloc_free", "balanced_realloc_free", "small_noise");

    @AfterEach
    void noProbeLeftBehind() {
        assertEquals(List.of(), PerfTool.unattendedGroups(), "memsnap probe groups left in uprobe_events");
    }

    /** Starts the fixture, traces it while it runs its rounds, returns the trace and the fixture's oracle. */
    static Map.Entry<LeakTrace, Map<String, Long>> traceFixture(long minSize, int sample) throws Exception {
        Path bin = Fixtures.compileC("trace_leaks", "-O2", "-fomit-frame-pointer");
        try (FixtureProcess fx = FixtureProcess.start(List.of(bin.toString()))) {
            CountDownLatch recording = new CountDownLatch(1);
            CompletableFuture<LeakTrace> trace = CompletableFuture.supplyAsync(() -> {
                try {
                    // --continuous with every probe (free included): exact counts
                    return Tracer.trace(new TraceOptions(fx.pid(), 8000, minSize, 0, sample,
                            java.util.Set.copyOf(io.memsnap.tracer.perf.ProbePlan.NAMES),
                            TraceOptions.DEFAULT_STACK_BYTES, null), s -> recording.countDown(), TracerIT::held);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(recording.await(120, TimeUnit.SECONDS), "the trace did not start");
            Thread.sleep(1500); // perf record enables its events shortly after the probes exist
            fx.send("go");
            String leaked = fx.awaitLine("LEAKED", 60);
            Map<String, Long> oracle = new HashMap<>();
            for (String kv : leaked.substring("LEAKED ".length()).split(" ")) {
                oracle.put(kv.substring(0, kv.indexOf('=')), Long.parseLong(kv.substring(kv.indexOf('=') + 1)));
            }
            return Map.entry(trace.get(120, TimeUnit.SECONDS), oracle);
        }
    }

    /** What memsnap trace's CLI passes: the chunks a frozen copy's glibc walk finds in use. */
    static Liveness.Chunks held(int pid) {
        io.memsnap.snapshot.walk.InUseChunks c = io.memsnap.snapshot.capture.InUseCapture.of(pid,
                io.memsnap.snapshot.capture.CaptureOptions.defaults());
        return new Liveness.Chunks(c.addresses(), c.sizes(), c.count());
    }

    /**
     * The defaults (no free probe: the end-of-window heap walk decides; bursts, here one in 2 to keep the test
     * short) while the fixture leaks again and again: every leak site is found, no balanced function is blamed, and
     * every leaked byte is on a leak site.
     */
    @Test
    void sampledBurstsWithoutAFreeProbeFindEveryRecurringLeakAndBlameNoBalancedFunction() throws Exception {
        Path bin = Fixtures.compileC("trace_leaks", "-O2", "-fomit-frame-pointer");
        try (FixtureProcess fx = FixtureProcess.start(List.of(bin.toString()))) {
            CountDownLatch recording = new CountDownLatch(1);
            TraceOptions d = TraceOptions.defaults(fx.pid(), 10_000);
            CompletableFuture<LeakTrace> trace = CompletableFuture.supplyAsync(() -> {
                try {
                    return Tracer.trace(new TraceOptions(fx.pid(), 10_000, d.minSizeBytes(), 0, 1, d.probes(),
                            d.stackBytes(), new TraceOptions.Bursts(200, 0.05, 10_000, 2)), s -> recording.countDown(),
                            TracerIT::held);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long end = System.nanoTime() + 9_000_000_000L;
            while (System.nanoTime() < end) {
                fx.send("go");
                fx.awaitLine("LEAKED", 60);
                Thread.sleep(50);
            }
            LeakTrace t = trace.get(180, TimeUnit.SECONDS);
            assertTrue(recording.getCount() == 0, "no progress was reported");
            assertEquals(2, t.samplePeriod(), t.warnings().toString());
            for (String site : SITES) {
                assertTrue(leakedThrough(t, site) > 0, site + " not found:\n" + describe(t));
            }
            for (String f : BALANCED) {
                assertEquals(0, leakedThrough(t, f), f + " frees all it allocates:\n" + describe(t));
            }
            long onSites = SITES.stream().mapToLong(site -> leakedThrough(t, site)).sum();
            assertEquals(t.leakedBytes(LeakKind.MALLOC), onSites, "leaked bytes outside the sites:\n" + describe(t));
        }
    }

    /** Leaked bytes of the stacks that contain {@code frame}. */
    static long leakedThrough(LeakTrace t, String frame) {
        StackTable s = t.stacks();
        long sum = 0;
        for (int i = 0; i < s.size(); i++) {
            for (int l = 0; l < s.depth(i); l++) {
                if (s.frame(i, l).equals(frame)) {
                    sum += s.leakedBytes(i);
                    break;
                }
            }
        }
        return sum;
    }

    static String describe(LeakTrace t) {
        StringBuilder b = new StringBuilder();
        StackTable s = t.stacks();
        for (int i = 0; i < s.size(); i++) {
            b.append(s.kind(i)).append(' ').append(s.leakedBytes(i)).append('/').append(s.allocBytes(i)).append(' ');
            for (int l = 0; l < s.depth(i); l++) {
                b.append(l == 0 ? "" : ";").append(s.frame(i, l));
            }
            b.append('\n');
        }
        return b.toString();
    }

    @Test
    void everyLeakSiteIsFoundWithItsBytesAndNoBalancedFunctionLeaks() throws Exception {
        var r = traceFixture(4096, 1);
        LeakTrace t = r.getKey();
        assertEquals(0, t.lostEvents(), t.warnings().toString());
        long total = 0;
        for (String site : SITES) {
            long expected = r.getValue().get(site);
            long got = leakedThrough(t, site);
            assertTrue(got >= expected * 0.99 && got <= expected, site + ": traced " + got + " of " + expected);
            total += expected;
        }
        for (String f : BALANCED) {
            assertEquals(0, leakedThrough(t, f), f + " frees all it allocates");
        }
        // unwound through CFI up to main: no frame pointers to follow in the fixture
        long viaMain = leakedThrough(t, "main");
        assertTrue(viaMain >= total * 0.99, "only " + viaMain + " of " + total + " leaked bytes unwound to main; stacks:\n" + describe(t));
        assertEquals(total, t.leakedBytes(LeakKind.MALLOC), "no leaked bytes outside the four sites");
    }

    @Test
    void samplingScalesCountsAndNeverReportsAFreedBlock() throws Exception {
        LeakTrace t = traceFixture(4096, 4).getKey();
        assertEquals(4, t.samplePeriod());
        assertTrue(t.leakedBytes(LeakKind.MALLOC) > 0, describe(t));
        for (String f : BALANCED) {
            assertEquals(0, leakedThrough(t, f), f + ": frees are all recorded even when allocations are sampled");
        }
        StackTable s = t.stacks();
        for (int i = 0; i < s.size(); i++) {
            assertEquals(0, s.allocCount(i) % 4, "every recorded allocation stands for 4");
        }
    }

    @Test
    void staleGroupsOfADeadMemsnapAreRemovedAtStart() throws Exception {
        // a definition only (never armed: no perf event opens it), as a SIGKILLed memsnap without its guard would leave
        String stale = "memsnap_99999999_libc";
        java.nio.file.Files.writeString(PerfTool.uprobeEvents(), "p:" + stale + "/free "
                + "/usr/lib/x86_64-linux-gnu/libc.so.6:0x98ef0 ptr=%di:u64\n", java.nio.charset.StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        assertTrue(PerfTool.definedGroups().contains(stale));
        assertEquals(List.of(stale), PerfTool.locate().removeStale());
        assertTrue(!PerfTool.definedGroups().contains(stale));
    }
}
