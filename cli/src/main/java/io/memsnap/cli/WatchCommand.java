// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.analyzer.diff.Spans;
import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.series.SeriesAnalyzer;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memsnap watch -p PID --interval 30s [--count N | --duration 2h] -o DIR}: a series of compact snapshots
 * (a master pid covers whichever workers exist at each sample), one line per sample on stdout, and optionally the
 * series as a Prometheus textfile after every sample. {@code memsnap report DIR} renders the series.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Capture a live process every --interval into DIR (compact snapshots), printing one line per "
                + "sample; 'memsnap report DIR' then shows growth rates and the time to the memory limit.")
final class WatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = {"-p", "--pid"}, paramLabel = "PID", required = true,
            description = "the process; an nginx master pid covers the master and all its workers")
    int pid;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "time between samples (default: ${DEFAULT-VALUE}), e.g. 500ms, 30s, 10m")
    Duration interval = Duration.ofSeconds(30);

    @Option(names = "--count", paramLabel = "N", description = "stop after N samples")
    Integer count;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "stop after this long, e.g. 2h (without --count or --duration: until interrupted)")
    Duration duration;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true,
            description = "directory for the series; an existing series there is continued")
    Path dir;

    @Option(names = "--freeze", description = "each sample copies the target while it is stopped (the default, as for "
            + "'report'; see 'report --help')")
    boolean freeze;

    @Option(names = "--no-freeze", description = "never stop the target; numbers of a busy process may be torn")
    boolean noFreeze;

    @Option(names = "--textfile", paramLabel = "FILE",
            description = "after each sample, write the series (slopes, time to limit) in Prometheus text format to "
                    + "FILE atomically, e.g. /var/lib/prometheus/node-exporter/memsnap.prom")
    Path textfile;

    @Override
    public Integer call() throws Exception {
        if (count != null && count < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        SeriesStore store = new SeriesStore(dir);
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        long firstRss = -1;
        long lastRss = -1;
        for (int i = 0; ; i++) {
            Snapshot s = Sources.captureLive(pid, consistent(), true, false);
            Path file = store.append(s, MemInfo.memAvailable());
            long rss = s.processes().stream().mapToLong(ProcessSnapshot::rssBytes).sum();
            double secs = (System.nanoTime() - start) / 1e9;
            out.println(String.format(Locale.ROOT, "%s  #%d  %d processes  RSS %s%s%s  -> %s", s.capturedAt(), i + 1,
                    s.processes().size(), HumanUnits.bytes(rss),
                    lastRss < 0 ? "" : " (" + Spans.signedBytes(rss - lastRss) + ")",
                    i == 0 || secs <= 0 ? "" : ", " + Spans.rate((rss - firstRss) / secs) + " since start",
                    file.getFileName()));
            out.flush();
            firstRss = i == 0 ? rss : firstRss;
            lastRss = rss;
            if (textfile != null) {
                var analysis = new SeriesAnalyzer().analyze(store.load());
                Output.writeReadableByOthers(textfile, o -> {
                    Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
                    SeriesReports.render(OutputFormat.PROMETHEUS, analysis, w);
                    w.flush();
                });
            }
            long nextNanos = start + (i + 1) * interval.toNanos();
            if (count != null && i + 1 >= count
                    || duration != null && nextNanos - start > duration.toNanos()) {
                break;
            }
            long sleep = nextNanos - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        Progress.done(common, spec.commandLine().getErr(), "pid " + pid, dir.toString(), start);
        return ExitCode.OK.code();
    }

    /** A frozen copy unless {@code --no-freeze}; both flags at once are a usage error. */
    private boolean consistent() {
        if (freeze && noFreeze) {
            throw new UsageError("--freeze and --no-freeze contradict each other");
        }
        return !noFreeze;
    }
}
