// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.analyzer.diff.SnapshotDiff;
import io.memsnap.analyzer.diff.SnapshotDiffer;
import io.memsnap.analyzer.diff.Spans;
import io.memsnap.report.ReportFormat;
import io.memsnap.report.html.DiffHtmlRenderer;
import io.memsnap.report.json.DiffJsonRenderer;
import io.memsnap.report.text.DiffTextRenderer;
import io.memsnap.snapshot.codec.SnapshotCodec;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memsnap diff A B} or {@code memsnap diff -p PID --interval 10m}: what grew, how fast, and where. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two snapshot files (A before B), or capture a live process twice, --interval apart: "
                + "deltas per RSS category, glibc arena and size class, LuaJIT object type, with findings in words.")
final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "FILE", arity = "0..2", description = "two snapshot files, the earlier first")
    List<Path> files;

    @Option(names = {"-p", "--pid"}, paramLabel = "PID", description = "capture this live process twice")
    Integer pid;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "time between the two live captures (default: ${DEFAULT-VALUE}), e.g. 30s, 10m, 1h")
    Duration interval = Duration.ofMinutes(10);

    @Option(names = "--freeze", description = "each capture copies the target while it is stopped (the default, as for "
            + "'report'; see 'report --help')")
    boolean freeze;

    @Option(names = "--no-freeze", description = "never stop the target; numbers of a busy process may be torn")
    boolean noFreeze;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text, json or html (default: ${DEFAULT-VALUE})")
    ReportFormat format = ReportFormat.TEXT;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the diff to FILE instead of stdout")
    Path output;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Snapshot[] ab = inputs();
        SnapshotDiff diff = new SnapshotDiffer().diff(ab[0], ab[1]);
        Output.write(Optional.ofNullable(output).map(Path::toString), Optional.empty(), spec.commandLine().getOut(),
                o -> {
                    Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
                    render(diff, w);
                    w.flush();
                });
        Progress.done(common, spec.commandLine().getErr(), ab[0].source() + " vs " + ab[1].source(),
                output == null ? "stdout" : output.toString(), t0);
        return ExitCode.OK.code();
    }

    private Snapshot[] inputs() throws InterruptedException {
        int n = files == null ? 0 : files.size();
        if (pid != null && n == 0) {
            Snapshot a = Sources.captureLive(pid, consistent(), true, false);
            if (!common.quiet) {
                spec.commandLine().getErr().println("memsnap: first capture done; the second follows in "
                        + Spans.duration(interval));
                spec.commandLine().getErr().flush();
            }
            Thread.sleep(interval.toMillis());
            return new Snapshot[] {a, Sources.captureLive(pid, consistent(), true, false)};
        }
        if (pid == null && n == 2) {
            SnapshotCodec codec = SnapshotCodec.create();
            return new Snapshot[] {codec.read(files.get(0)).withoutStringPreviews(),
                    codec.read(files.get(1)).withoutStringPreviews()};
        }
        throw new ParameterException(spec.commandLine(), "give two snapshot files, or -p PID [--interval 10m]");
    }

    private void render(SnapshotDiff diff, Writer w) throws IOException {
        switch (format) {
            case JSON -> new DiffJsonRenderer().render(diff, w);
            case HTML -> new DiffHtmlRenderer().render(diff, w);
            default -> new DiffTextRenderer().render(diff, w);
        }
    }

    /** A frozen copy unless {@code --no-freeze}; both flags at once are a usage error. */
    private boolean consistent() {
        if (freeze && noFreeze) {
            throw new UsageError("--freeze and --no-freeze contradict each other");
        }
        return !noFreeze;
    }
}
