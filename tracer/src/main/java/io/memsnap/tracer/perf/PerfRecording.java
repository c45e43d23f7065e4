// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.MemsnapException.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A running recording: a guard shell ({@code guard.sh}) that adds the probes, runs {@code perf record} and deletes
 * the probes when perf ends or when our end of its stdin closes, which also happens when this JVM dies. Used by one
 * thread, plus {@link #close} from a shutdown hook.
 */
public final class PerfRecording implements AutoCloseable {
    private final Process guard;
    private final Path errFile;
    private final List<Path> dataFiles;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private volatile boolean perfExited;
    private volatile boolean cleaned;

    private PerfRecording(Process guard, Path errFile, List<Path> dataFiles) {
        this.guard = guard;
        this.errFile = errFile;
        this.dataFiles = dataFiles;
        Thread t = new Thread(this::pump, "memsnap-perf-guard");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Adds {@code probes} and starts recording {@code pids} into {@code dir}. With {@code samplePeriod > 1} the
     * stack probes go to a second recording with that period and the others stay at period 1.
     */
    public static PerfRecording start(PerfTool tool, List<Probe> probes, List<Integer> pids, Path dir,
            int samplePeriod, int stackBytes) throws IOException {
        Path probeFile = dir.resolve("probes.tsv");
        Files.writeString(probeFile, probes.stream().map(p -> p.definition() + "\n")
                .collect(Collectors.joining()), StandardCharsets.UTF_8);
        Path err = dir.resolve("perf.err");
        String pidList = pids.stream().map(String::valueOf).collect(Collectors.joining(","));
        List<Path> files = new ArrayList<>();
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", script(), "guard", tool.perf().toString(),
                probeFile.toString(), err.toString(), PerfTool.uprobeEvents().toString()));
        if (samplePeriod > 1) {
            cmd.add(recordArgs(probes.stream().filter(Probe::withStack).toList(), pidList,
                    dir.resolve("alloc.data"), samplePeriod, stackBytes, files));
            cmd.add(recordArgs(probes.stream().filter(p -> !p.withStack()).toList(), pidList,
                    dir.resolve("free.data"), 1, stackBytes, files));
        } else {
            cmd.add(recordArgs(probes, pidList, dir.resolve("all.data"), 1, stackBytes, files));
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(err.toFile())).start();
        PerfRecording r = new PerfRecording(p, err, List.copyOf(files));
        r.awaitAdded();
        return r;
    }

    /**
     * Adds {@code probes} without recording: each {@link #burst} then runs one perf record of {@code pids} (the
     * breakpoints exist only while it runs). The probes go when {@link #close} is called or this JVM dies.
     */
    public static PerfRecording startBursts(PerfTool tool, List<Probe> probes, Path dir) throws IOException {
        Path probeFile = dir.resolve("probes.tsv");
        Files.writeString(probeFile, probes.stream().map(p -> p.definition() + "\n")
                .collect(Collectors.joining()), StandardCharsets.UTF_8);
        Path err = dir.resolve("perf.err");
        List<String> cmd = List.of("sh", "-c", script(), "guard", tool.perf().toString(),
                probeFile.toString(), err.toString(), PerfTool.uprobeEvents().toString(), "BURSTS");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(err.toFile())).start();
        PerfRecording r = new PerfRecording(p, err, List.of());
        try {
            String line = r.lines.poll(120, TimeUnit.SECONDS);
            if (!"ADDED".equals(line)) {
                r.close();
                throw new MemsnapException(Kind.UNAVAILABLE, "adding uprobes failed (" + line + "): " + r.lastError());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.close();
            throw new MemsnapException(Kind.INTERNAL, "interrupted while adding probes", e);
        }
        return r;
    }

    /**
     * Records {@code probes} of {@code pids} into {@code out} for {@code millis} (plus perf's own start and stop);
     * returns when that perf record has ended, with the calls of the stack probes' functions it trapped (every call
     * while the breakpoints were in, before the size filter: the kernel's {@link UprobeHits}), the CPU time perf
     * record used, and how long a breakpoint was seen installed in the targets ({@link ArmedWatch}; -1 if it never
     * was, e.g. the process could not be read).
     */
    public Calls burst(List<Probe> probes, String pids, Path out, long millis, int period, int stackBytes)
            throws IOException {
        String args = recordArgs(probes, pids, out, period, stackBytes, new ArrayList<>());
        List<Probe> counted = probes.stream().filter(Probe::withStack).toList();
        List<Integer> pidList = java.util.Arrays.stream(pids.split(",")).map(Integer::valueOf).toList();
        java.util.Map<String, Long> before = UprobeHits.now();
        long cpu0 = childCpuMillis(guard.pid());
        long armed;
        try (ArmedWatch watch = ArmedWatch.start(pidList, probes)) {
            run(String.format(java.util.Locale.ROOT, "BURST %.3f %s%n", millis / 1000.0, args), millis);
            armed = watch.armedMillis();
        }
        long cpu = Math.max(0, childCpuMillis(guard.pid()) - cpu0);
        return new Calls(UprobeHits.between(before, UprobeHits.now(), counted), cpu, armed);
    }

    private void run(String command, long millis) throws IOException {
        guard.getOutputStream().write(command.getBytes(StandardCharsets.UTF_8));
        guard.getOutputStream().flush();
        try {
            String line = lines.poll(millis + 120_000, TimeUnit.MILLISECONDS);
            if (line == null || !line.startsWith("DONE")) {
                throw new MemsnapException(Kind.UNAVAILABLE, "perf record did not run (" + line + "): "
                        + lastError());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemsnapException(Kind.INTERNAL, "interrupted while recording", e);
        }
    }

    /**
     * What one burst cost: the calls its breakpoints trapped (each costs a trap at the entry and, for a return
     * probe, one at the return), the CPU time of the perf record that ran it (user+sys, with its children), and
     * the time a breakpoint was seen installed (-1 if it never was).
     */
    public record Calls(long calls, long perfCpuMillis, long armedMillis) {}

    /**
     * The CPU time of the reaped children of {@code pid} (cutime + cstime of {@code /proc/PID/stat}, fields 16 and
     * 17, in USER_HZ ticks of 10 ms), in milliseconds; 0 if it cannot be read.
     */
    static long childCpuMillis(long pid) {
        try {
            return childCpuMillis(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"),
                    StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {@link #childCpuMillis(long)} of one stat line (the comm may hold blanks and parentheses). */
    static long childCpuMillis(String statLine) {
        // after the comm's closing parenthesis, rest[0] is field 3 (state): field N is rest[N - 3]
        String[] rest = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split(" ");
        return (Long.parseLong(rest[13]) + Long.parseLong(rest[14])) * 10;
    }

    private static String recordArgs(List<Probe> probes, String pids, Path out, int period, int stackBytes,
            List<Path> files) {
        files.add(out);
        // --no-bpf-event: no side-band thread, whose 1 s poll perf waits out at exit with the breakpoints still
        // installed (malloc's breakpoint lived 0.64-0.97 s per 500 ms burst with it off, 1.05-1.12 s with it on)
        // -B: no build-id pass over the whole file at perf's exit (perf script reads the binaries by path)
        List<String> a = new ArrayList<>(List.of("-q", "--no-bpf-event", "-B", "-k", "CLOCK_MONOTONIC", "-m", "4096", "-c",
                String.valueOf(period), "-o", out.toString(), "-p", pids, "--call-graph", "dwarf," + stackBytes));
        for (Probe p : probes) {
            a.addAll(p.recordArgs());
        }
        return String.join(" ", a);
    }

    private static String script() throws IOException {
        try (InputStream in = PerfRecording.class.getResourceAsStream("guard.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(guard.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("PERF_EXIT")) {
                    perfExited = true;
                } else if (line.equals("CLEANED")) {
                    cleaned = true;
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // the guard is gone; waitFor below sees it
        }
        lines.add("EOF");
    }

    /** Waits until the probes exist and perf record has enabled its events (or failed). */
    private void awaitAdded() {
        try {
            String line = lines.poll(120, TimeUnit.SECONDS);
            if ("ADDED".equals(line)) {
                line = lines.poll(300, TimeUnit.SECONDS);
                if ("RECORDING".equals(line)) {
                    return;
                }
                close();
                throw new MemsnapException(Kind.UNAVAILABLE, "perf record did not start: " + lastError());
            }
            close();
            throw new MemsnapException(Kind.UNAVAILABLE, "adding uprobes failed (" + line + "): " + lastError());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new MemsnapException(Kind.INTERNAL, "interrupted while adding probes", e);
        }
    }

    /** The last line perf wrote to stderr, or "no message". */
    public String lastError() {
        try {
            List<String> err = Files.readAllLines(errFile, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
            return err.isEmpty() ? "no message" : err.get(err.size() - 1).strip();
        } catch (IOException e) {
            return "no message";
        }
    }

    /** True once perf record has ended (stopped by us, or because every traced process exited). */
    public boolean perfExited() {
        return perfExited;
    }

    /** The perf.data files, valid after {@link #close}. */
    public List<Path> dataFiles() {
        return dataFiles;
    }

    /** Stops perf record (SIGINT through the guard), waits until the probes are deleted. Idempotent. */
    @Override
    public void close() {
        try {
            guard.getOutputStream().close();
        } catch (IOException e) {
            // already closed: the guard is stopping anyway
        }
        try {
            if (!guard.waitFor(60, TimeUnit.SECONDS)) {
                guard.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once the guard reported the probes deleted. */
    public boolean cleaned() {
        return cleaned;
    }
}
