// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.MemsnapException.Kind;
import io.memsnap.snapshot.model.trace.LeakTrace;
import io.memsnap.snapshot.model.trace.StackTable;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.tracer.perf.PerfRecording;
import io.memsnap.tracer.perf.PerfScript;
import io.memsnap.tracer.perf.PerfTool;
import io.memsnap.tracer.perf.Probe;
import io.memsnap.tracer.perf.ProbePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Traces a live process for leaks: adds uprobes on its allocator through perf, records for a window, reads the
 * recording back and matches allocations with frees. The target is never stopped or written. Probes are removed on
 * every way out (see {@link PerfRecording}). One trace per instance, on one thread.
 */
public final class Tracer {
    private static final System.Logger LOG = System.getLogger(Tracer.class.getName());

    private Tracer() {}

    /**
     * Runs one trace; throws {@link MemsnapException} for a missing target, perf, permission or uprobes. Without a
     * {@code free} probe, {@code liveness} tells which chunks each process still holds at the end.
     */
    public static LeakTrace trace(TraceOptions options, TraceProgress progress, Liveness liveness)
            throws IOException {
        if (!ProcFs.exists(options.pid())) {
            throw new MemsnapException(Kind.TARGET_GONE, "no process with pid " + options.pid());
        }
        PerfTool tool = PerfTool.locate();
        List<String> warnings = new ArrayList<>();
        for (String g : tool.removeStale()) {
            warnings.add("removed stale probe group " + g + " left by a memsnap that was killed");
        }
        List<Integer> pids = TargetPids.of(options.pid());
        int self = (int) ProcessHandle.current().pid();
        List<Probe> probes = ProbePlan.forProcess(options.pid(), self, options.minSizeBytes(), options.probes());
        if (probes.isEmpty()) {
            throw new MemsnapException(MemsnapException.Kind.UNSUPPORTED, "none of the probes asked for ("
                    + options.probes() + ") exists in pid " + options.pid());
        }
        removeStaleDirs();
        Path dir = Files.createTempDirectory("memsnap-trace-" + self + "-");
        try {
            String prefix = probes.get(0).group().substring(0, probes.get(0).group().lastIndexOf('_') + 1);
            PerfScript script = new PerfScript(tool, prefix);
            Window w = options.bursts() == null
                    ? continuous(tool, probes, pids, dir, options, progress, script)
                    : bursts(tool, probes, pids, dir, options, progress, script, warnings);
            return finish(options, pids, w, warnings, script, liveness);
        } finally {
            deleteTree(dir);
        }
    }

    /** What a recording gathered: its time span, whether the target exited, and the matched events. */
    private record Window(long start, long end, boolean exited, LeakMatcher matcher, int weight) {}

    private static Window continuous(PerfTool tool, List<Probe> probes, List<Integer> pids, Path dir,
            TraceOptions options, TraceProgress progress, PerfScript script) throws IOException {
        long start = System.nanoTime();
        long end;
        boolean exited;
        try (PerfRecording rec = PerfRecording.start(tool, probes, pids, dir, options.samplePeriod(),
                options.stackBytes())) {
            Thread hook = new Thread(rec::close, "memsnap-trace-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                exited = record(rec, pids, options, start, progress);
            } finally {
                end = System.nanoTime();
                rec.close();
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        LeakMatcher matcher = new LeakMatcher(options.samplePeriod());
        TrampolineSplicer splicer = new TrampolineSplicer(matcher::accept);
        script.read(existing(dir), splicer);
        splicer.flush();
        return new Window(start, end, exited, matcher, options.samplePeriod());
    }

    /**
     * Time-sliced sampling: one burst is recorded every N bursts' time. N is chosen again after each burst from what
     * it cost (or fixed by --every); each allocation counts N times (times --sample). The bursts are read on a
     * {@link BurstReader} at idle priority while the window lasts, and the rest after it.
     */
    private static Window bursts(PerfTool tool, List<Probe> probes, List<Integer> pids, Path dir,
            TraceOptions options, TraceProgress progress, PerfScript script, List<String> warnings)
            throws IOException {
        TraceOptions.Bursts b = options.bursts();
        String pidList = pids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        long start = System.nanoTime();
        long deadline = start + options.durationMillis() * 1_000_000L;
        LeakMatcher matcher = new LeakMatcher(1);
        script.idle(true);
        BurstReader reader = new BurstReader(matcher, (f, sink) -> script.read(List.of(f), sink),
                () -> script.idle(false));
        BurstLog log = new BurstLog();
        boolean exited = false;
        long end;
        try (PerfRecording rec = PerfRecording.startBursts(tool, probes, dir)) {
            Thread hook = new Thread(rec::close, "memsnap-trace-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                long recorded = 0;
                int every = Math.max(1, b.every());
                long next = System.nanoTime();
                long gapStart = next;
                long gapCpu = TargetPids.cpuMillis(pids);
                while (next < deadline) {
                    if (TargetPids.allGone(pids)) {
                        exited = true;
                        break;
                    }
                    if (reader.failed()) {
                        break; // no more bursts armed in the target for a trace that cannot be read
                    }
                    Path out = dir.resolve("burst-" + log.bursts() + ".data");
                    long t0 = System.nanoTime();
                    long cpu0 = TargetPids.cpuMillis(pids);
                    PerfRecording.Calls cost = rec.burst(probes, pidList, out, b.burstMillis(),
                            options.samplePeriod(), options.stackBytes());
                    long wallMillis = (System.nanoTime() - t0) / 1_000_000L;
                    long cpu1 = TargetPids.cpuMillis(pids);
                    // each call traps twice: at the entry and, for the return probe, at the return
                    long traps = 2 * Math.max(0, cost.calls());
                    double busy = busyShare(cpu0 - gapCpu, (t0 - gapStart) / 1_000_000L,
                            cpu1 - cpu0 - traps * b.trapCostNanos() / 1_000_000L, wallMillis);
                    gapStart = System.nanoTime();
                    gapCpu = cpu1;
                    if (b.every() == 0) {
                        int chosen = chooseEvery(traps, busy, cost.perfCpuMillis(), b, wallMillis);
                        // calls not counted: charged for perf record alone, and never lower than before
                        every = cost.calls() >= 0 ? chosen : Math.max(every, chosen);
                    }
                    // this burst stands for the time until the next one
                    long weight = log.burst(every, options.samplePeriod(), cost);
                    if (Files.exists(out)) {
                        recorded += Files.size(out);
                        reader.submit(out, weight);
                    }
                    next = t0 + (long) every * b.burstMillis() * 1_000_000L;
                    do {
                        progress.recording(new TraceProgress.Status((System.nanoTime() - start) / 1_000_000L,
                                recorded, true, reader.events(), reader.outstandingBytes(), script.lost()));
                        sleepMillis(Math.max(1, Math.min(200, (Math.min(next, deadline) - System.nanoTime())
                                / 1_000_000L)), options.pid());
                    } while (System.nanoTime() < Math.min(next, deadline));
                }
            } finally {
                end = System.nanoTime();
                rec.close();
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        } finally {
            long after = reader.finish();
            warnings.add(log.summary(b, after));
        }
        return new Window(start, end, exited || TargetPids.allGone(pids), matcher, log.samplePeriod());
    }

    /**
     * N such that one burst, once every N bursts' time, costs at most the budget: its {@code traps}
     * ({@link io.memsnap.tracer.perf.UprobeHits}: every trapped call while the breakpoints were in, times two for a
     * return probe) at {@code --trap-cost} each, against the budget's share of the CPU time the targets themselves
     * use in that time ({@code busy}: target CPU per wall time, 1.0 for one process busy all the time; a trap lengthens
     * the target's own work, so for a CPU-bound target this is its throughput loss), plus {@code perfCpuMillis}, the
     * CPU time of the perf record that ran the burst, against the budget's share of wall time (one CPU). perf script
     * and memsnap's reading run at idle priority and are not charged. N is at least the bursts' own spacing (perf's
     * wall time over the burst), at most 10,000.
     */
    static int chooseEvery(long traps, double busy, long perfCpuMillis, TraceOptions.Bursts b, long wallMillis) {
        double trapMillis = traps * (double) b.trapCostNanos() / 1e6;
        double costMillis = (trapMillis > 0 ? trapMillis / Math.max(MIN_BUSY, busy) : 0) + perfCpuMillis;
        long byBudget = (long) Math.ceil(costMillis / (b.burstMillis() * b.budget()));
        long bySpacing = (wallMillis + b.burstMillis() - 1) / b.burstMillis();
        return (int) Math.max(1, Math.min(10_000, Math.max(byBudget, bySpacing)));
    }

    /**
     * The least busy share the traps are charged against: a quarter of a CPU. A target that uses less is not
     * CPU-bound, so its traps cost latency rather than throughput, and charging them against its tiny CPU time made N
     * explode while it idled (measured: N 146-273 from bursts before the load began, so no burst at all fell in the
     * loaded 10 s window that followed).
     */
    static final double MIN_BUSY = 0.25;

    /**
     * The targets' CPU time per wall time: over the gap since the last burst ({@code gapCpuMillis} in
     * {@code gapMillis}, no breakpoint in) when it lasted at least 100 ms, else over the burst itself with the traps'
     * estimated cost taken out ({@code burstCpuMillis} in {@code burstMillis}; the first burst has no gap).
     */
    static double busyShare(long gapCpuMillis, long gapMillis, long burstCpuMillis, long burstMillis) {
        if (gapMillis >= 100) {
            return Math.max(0, gapCpuMillis) / (double) gapMillis;
        }
        return Math.max(0, burstCpuMillis) / (double) Math.max(1, burstMillis);
    }

    private static void sleepMillis(long ms, int pid) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemsnapException(Kind.INTERNAL, "interrupted while tracing pid " + pid, e);
        }
    }

    /** Waits out the window; returns true when the target exited first. */
    private static boolean record(PerfRecording rec, List<Integer> pids, TraceOptions o, long start,
            TraceProgress progress) throws IOException {
        long deadline = start + o.durationMillis() * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (TargetPids.allGone(pids)) {
                return true;
            }
            if (rec.perfExited()) {
                throw new MemsnapException(Kind.UNAVAILABLE, "perf record stopped early: " + rec.lastError());
            }
            long bytes = 0;
            for (Path f : rec.dataFiles()) {
                bytes += Files.exists(f) ? Files.size(f) : 0;
            }
            progress.recording(new TraceProgress.Status((System.nanoTime() - start) / 1_000_000L, bytes, false, 0,
                    0, 0));
            sleepMillis(Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000L)), o.pid());
        }
        return TargetPids.allGone(pids);
    }

    private static LeakTrace finish(TraceOptions o, List<Integer> pids, Window w, List<String> warnings,
            PerfScript script, Liveness liveness) {
        LeakMatcher matcher = w.matcher();
        Map<Integer, Liveness.Chunks> held = null;
        // without a free probe, or in bursts (frees between bursts are never seen), the heap at the end decides
        if (!o.freeProbe() || o.bursts() != null) {
            held = new HashMap<>();
            for (int pid : pids) {
                try {
                    held.put(pid, liveness.chunks(pid));
                } catch (MemsnapException e) {
                    // no walk, no verdict: its outstanding blocks cannot be told from freed ones
                    held.put(pid, new Liveness.Chunks(new long[0], new long[0], 0));
                    warnings.add("pid " + pid + ": which blocks are still in use is unknown (" + e.getMessage()
                            + "); none of its allocations is reported as leaked");
                }
            }
        }
        StackTable table = matcher.finish(w.end() - o.olderThanMillis() * 1_000_000L, held);
        if (o.freeProbe() && matcher.reused() > 0) {
            warnings.add(matcher.reused() + " allocations reused an address whose free was not seen");
        }
        if (script.lost() > 0) {
            warnings.add(script.lost() + " events lost (perf ring buffer full): the trace is incomplete; try "
                    + "--min-size higher or --sample N");
        }
        if (w.exited()) {
            warnings.add("the target exited during the trace; this covers what was gathered until then");
        }
        LOG.log(System.Logger.Level.DEBUG, "trace of {0}: {1} events, {2} stacks, {3} found freed by the walk",
                pids, matcher.events(), table.size(), matcher.freedByWalk());
        return new LeakTrace(pids, (w.end() - w.start()) / 1_000_000L, o.olderThanMillis(), o.minSizeBytes(),
                w.weight(), matcher.events(), script.lost(), w.exited(), warnings, table);
    }

    private static List<Path> existing(Path dir) {
        List<Path> out = new ArrayList<>();
        for (String name : List.of("all.data", "alloc.data", "free.data")) {
            if (Files.exists(dir.resolve(name))) {
                out.add(dir.resolve(name));
            }
        }
        if (out.isEmpty()) {
            throw new MemsnapException(Kind.UNAVAILABLE, "perf record wrote no data in " + dir);
        }
        return out;
    }

    /** Deletes recordings left in the temp directory by a memsnap that was killed (its pid is in the name). */
    private static void removeStaleDirs() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path d : s.toList()) {
                String[] parts = d.getFileName().toString().split("-");
                if (parts.length == 4 && parts[0].equals("memsnap") && parts[1].equals("trace")
                        && parts[2].chars().allMatch(Character::isDigit) && !parts[2].isEmpty()
                        && !Files.exists(Path.of("/proc", parts[2]))) {
                    deleteTree(d);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
