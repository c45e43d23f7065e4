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
import java.util.List;
import java.util.stream.Stream;

/**
 * Traces a live process for leaks: adds uprobes on its allocator through perf, records for a window, reads the
 * recording back and matches allocations with frees. The target is never stopped or written. Probes are removed on
 * every way out (see {@link PerfRecording}). One trace per instance, on one thread.
 */
public final class Tracer {
    private static final System.Logger LOG = System.getLogger(Tracer.class.getName());

    private Tracer() {}

    /** Runs one trace; throws {@link MemsnapException} for a missing target, perf, permission or uprobes. */
    public static LeakTrace trace(TraceOptions options, TraceProgress progress) throws IOException {
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
        List<Probe> probes = ProbePlan.forProcess(options.pid(), self, options.minSizeBytes(), options.pools());
        removeStaleDirs();
        Path dir = Files.createTempDirectory("memsnap-trace-" + self + "-");
        try {
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
            return read(tool, options, pids, dir, start, end, exited, warnings, probes);
        } finally {
            deleteTree(dir);
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
            progress.recording((System.nanoTime() - start) / 1_000_000L, bytes);
            try {
                Thread.sleep(Math.max(1, Math.min(200, (deadline - System.nanoTime()) / 1_000_000L)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MemsnapException(Kind.INTERNAL, "interrupted while tracing pid " + o.pid(), e);
            }
        }
        return TargetPids.allGone(pids);
    }

    private static LeakTrace read(PerfTool tool, TraceOptions o, List<Integer> pids, Path dir, long start, long end,
            boolean exited, List<String> warnings, List<Probe> probes) {
        PerfScript script = new PerfScript(tool, probes.get(0).group().substring(0,
                probes.get(0).group().lastIndexOf('_') + 1));
        LeakMatcher matcher = new LeakMatcher(o.samplePeriod());
        TrampolineSplicer splicer = new TrampolineSplicer(matcher::accept);
        script.read(existing(dir), splicer);
        splicer.flush();
        StackTable table = matcher.finish(end - o.olderThanMillis() * 1_000_000L);
        if (matcher.reused() > 0) {
            warnings.add(matcher.reused() + " allocations reused an address whose free was not seen");
        }
        if (script.lost() > 0) {
            warnings.add(script.lost() + " events lost (perf ring buffer full): the trace is incomplete; try "
                    + "--min-size higher or --sample N");
        }
        if (exited) {
            warnings.add("the target exited during the trace; this covers what was gathered until then");
        }
        LOG.log(System.Logger.Level.DEBUG, "trace of {0}: {1} events, {2} stacks", pids, matcher.events(),
                table.size());
        return new LeakTrace(pids, (end - start) / 1_000_000L, o.olderThanMillis(), o.minSizeBytes(),
                o.samplePeriod(), matcher.events(), script.lost(), exited, warnings, table);
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
