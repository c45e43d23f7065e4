// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.report.json.TraceJsonWriter;
import io.memsnap.report.trace.FlameGraphWriter;
import io.memsnap.report.trace.FoldedWriter;
import io.memsnap.report.trace.PprofWriter;
import io.memsnap.report.trace.TraceFormat;
import io.memsnap.report.trace.TraceSummary;
import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.model.trace.LeakTrace;
import io.memsnap.tracer.TraceOptions;
import io.memsnap.tracer.Tracer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code memsnap trace}: which code paths allocated memory that was never freed, on a live process. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Trace a live process's allocations with kernel uprobes (through perf; needs root and the "
                + "linux-perf package) and report the stacks whose blocks (and nginx pools) were still alive at "
                + "the end of the window. The target is not stopped; probes are removed on every exit."})
final class TraceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-p", "--pid"}, paramLabel = "PID", required = true,
            description = "the process to trace; an nginx master pid traces its workers too")
    int pid;

    @Option(names = "--duration", paramLabel = "TIME", converter = Quantities.Millis.class,
            description = "how long to record, e.g. 60s, 2m (default: 60s)")
    long durationMillis = 60_000;

    @Option(names = "--min-size", paramLabel = "SIZE", converter = Quantities.Bytes.class,
            description = "record only chunks of at least SIZE (filtered in the kernel); 0 records all (default: 4k)")
    long minSizeBytes = 4096;

    @Option(names = "--older", paramLabel = "TIME", converter = Quantities.Millis.class,
            description = "count a block as leaked only if it was this old at the end (default: 5s)")
    long olderMillis = 5_000;

    @Option(names = "--sample", paramLabel = "N",
            description = "record every Nth allocation (frees: all), scaling counts by N (default: 1)")
    int sample = 1;

    @Option(names = "--no-pools", description = "do not trace nginx pools (ngx_create_pool / ngx_destroy_pool)")
    boolean noPools;

    @Option(names = "--probes", paramLabel = "LIST", split = ",",
            description = "probes among malloc, calloc, realloc, memalign, aligned_alloc, free, pools (default: all "
                    + "but free; with --continuous: all). Without free, a heap walk at the end decides what is "
                    + "still in use")
    java.util.Set<String> probes;

    @Option(names = "--continuous", description = "keep the probes armed the whole window (exact counts, a trap on "
            + "every call: slows a busy target several times) instead of sampling in bursts")
    boolean continuous;

    @Option(names = "--every", paramLabel = "N", description = "arm the probes one burst in N (default: chosen "
            + "from --budget after a calibration burst)")
    int every;

    @Option(names = "--budget", paramLabel = "PERCENT", description = "when sampling in bursts: share of the "
            + "target's CPU time its traps may cost, and of one CPU perf record may use (default: 5)")
    double budgetPercent = 5;

    @Option(names = "--trap-cost", paramLabel = "TIME", converter = Quantities.Micros.class,
            description = "what one uprobe trap costs on this machine, e.g. 10us (default: 10us; "
                    + "bench/trace/uprobe_cost.sh measures it)")
    long trapCostNanos = 10_000;

    @Option(names = "--burst", paramLabel = "TIME", converter = Quantities.Millis.class,
            description = "how long one burst records (default: 500ms)")
    long burstMillis = 500;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "text, html, folded, pprof or json (default: ${DEFAULT-VALUE})")
    TraceFormat format = TraceFormat.TEXT;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of stdout")
    Path output;

    @Option(names = "--top", paramLabel = "N", description = "leak paths named in the summary (default: 10)")
    int top = 10;

    @Override
    public Integer call() throws IOException {
        if (format == TraceFormat.PPROF && output == null) {
            throw new ParameterException(spec.commandLine(), "--format pprof is binary: give -o FILE");
        }
        if (sample < 1) {
            throw new ParameterException(spec.commandLine(), "--sample must be at least 1");
        }
        long t0 = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        boolean live = !common.quiet && System.console() != null;
        java.util.Set<String> chosen = new java.util.TreeSet<>(probes != null ? probes
                : continuous ? io.memsnap.tracer.perf.ProbePlan.NAMES : TraceOptions.DEFAULT_PROBES);
        if (noPools) {
            chosen.remove("pools");
        }
        if (!io.memsnap.tracer.perf.ProbePlan.NAMES.containsAll(chosen) || chosen.stream().allMatch("free"::equals)) {
            throw new ParameterException(spec.commandLine(), "--probes " + String.join(",", chosen) + ": choose among "
                    + String.join(", ", io.memsnap.tracer.perf.ProbePlan.NAMES) + ", at least one allocator or pools");
        }
        if (every < 0 || !(budgetPercent > 0 && budgetPercent <= 100) || burstMillis < 10) {
            throw new ParameterException(spec.commandLine(), "--every must be 0 or more, --budget in (0, 100], "
                    + "--burst at least 10ms");
        }
        TraceOptions.Bursts bursts = continuous ? null
                : new TraceOptions.Bursts(burstMillis, budgetPercent / 100, Math.max(1, trapCostNanos), every);
        LeakTrace trace = Tracer.trace(new TraceOptions(pid, durationMillis, minSizeBytes, olderMillis, sample,
                chosen, TraceOptions.DEFAULT_STACK_BYTES, bursts), live ? s -> {
                    err.print(progressLine(s, durationMillis));
                    err.flush();
                } : io.memsnap.tracer.TraceProgress.NONE, TraceCommand::heldChunks);
        if (live) {
            err.println();
        }
        write(trace);
        if (!common.quiet && (output != null || format != TraceFormat.TEXT)) {
            TraceSummary.write(trace, top, err);
        }
        Progress.done(common, err, "pid " + pid, output == null ? "stdout" : output.toString(), t0);
        if (trace.targetExited()) {
            throw new MemsnapException(MemsnapException.Kind.TARGET_GONE, "pid " + pid + " exited during the "
                    + "trace; what was gathered until then was written");
        }
        return ExitCode.OK.code();
    }

    /** The progress line: elapsed, events seen, outstanding bytes, lost events (once bursts have been read). */
    static String progressLine(io.memsnap.tracer.TraceProgress.Status s, long durationMillis) {
        if (!s.counted()) {
            long bytes = s.recordedBytes();
            return String.format(java.util.Locale.ROOT, "\rmemsnap trace: %d/%d s, %s recorded (events are counted "
                    + "at the end) ", s.elapsedMillis() / 1000, durationMillis / 1000,
                    bytes >> 20 > 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB");
        }
        return String.format(java.util.Locale.ROOT, "\rmemsnap trace: %d/%d s, %,d events, %,d KiB outstanding, "
                + "%,d lost ", s.elapsedMillis() / 1000, durationMillis / 1000, s.events(),
                s.outstandingBytes() >> 10, s.lostEvents());
    }

    /** The chunks {@code pid} holds now, from a frozen copy's glibc walk. */
    static io.memsnap.tracer.Liveness.Chunks heldChunks(int pid) {
        io.memsnap.snapshot.walk.InUseChunks c = io.memsnap.snapshot.capture.InUseCapture.of(pid,
                io.memsnap.snapshot.capture.CaptureOptions.defaults());
        return new io.memsnap.tracer.Liveness.Chunks(c.addresses(), c.sizes(), c.count());
    }

    private void write(LeakTrace trace) throws IOException {
        if (output == null) {
            Writer w = spec.commandLine().getOut();
            render(trace, w, null);
            return;
        }
        try (OutputStream os = Files.newOutputStream(output);
                Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8)) {
            render(trace, w, os);
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, "cannot write " + output + ": "
                    + e.getMessage(), e);
        }
    }

    private void render(LeakTrace trace, Writer w, OutputStream raw) throws IOException {
        switch (format) {
            case TEXT -> TraceSummary.write(trace, top, w);
            case HTML -> FlameGraphWriter.write(trace, w);
            case FOLDED -> FoldedWriter.write(trace, w);
            case JSON -> TraceJsonWriter.write(trace, w);
            case PPROF -> PprofWriter.write(trace, raw);
        }
        w.flush();
    }
}
