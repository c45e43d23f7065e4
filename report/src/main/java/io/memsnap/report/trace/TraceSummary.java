// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.trace;

import io.memsnap.report.text.TextSafe;
import io.memsnap.snapshot.model.trace.LeakKind;
import io.memsnap.snapshot.model.trace.LeakTrace;
import io.memsnap.snapshot.model.trace.StackTable;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The trace in words: totals, whether it is complete, and the top leak paths, e.g. "3,120 blocks, 1.1 GiB, still
 * alive after 60 s, allocated by handler ← ngx_palloc ← malloc". Stateless.
 */
public final class TraceSummary {
    /** Frames named per path, innermost last. */
    static final int PATH_FRAMES = 5;

    private TraceSummary() {}

    /** Writes the summary with the {@code top} largest leak paths. */
    public static void write(LeakTrace trace, int top, Writer out) throws IOException {
        StackTable s = trace.stacks();
        String age = seconds(trace.durationMillis());
        out.write(String.format(Locale.ROOT, "memsnap trace: pid %s, %s window, %,d events%s%n",
                trace.pids().size() == 1 ? trace.pids().get(0) : trace.pids().toString(), age, trace.eventsSeen(),
                trace.samplePeriod() > 1 ? ", sampled: counts scaled by " + trace.samplePeriod() : ""));
        out.write(String.format(Locale.ROOT, "leaked: %,d blocks, %s (malloc family, chunks >= %s)%n",
                trace.leakedCount(LeakKind.MALLOC), bytes(trace.leakedBytes(LeakKind.MALLOC)),
                bytes(trace.minSizeBytes())));
        if (trace.leakedCount(LeakKind.POOL) > 0) {
            out.write(String.format(Locale.ROOT, "leaked: %,d nginx pools, %s created and not destroyed%n",
                    trace.leakedCount(LeakKind.POOL), bytes(trace.leakedBytes(LeakKind.POOL))));
        }
        if (!trace.complete()) {
            out.write(String.format(Locale.ROOT, "INCOMPLETE: %,d events lost%s%n", trace.lostEvents(),
                    trace.targetExited() ? ", target exited during the trace" : ""));
        }
        for (String w : trace.warnings()) {
            out.write("warning: " + TextSafe.clean(w) + "\n");
        }
        out.write(String.format(Locale.ROOT, "top leak paths (by leaked bytes; %d shown, --top to change):%n", top));
        int shown = 0;
        for (int i : TraceOrder.byLeakedBytes(s)) {
            if (shown++ >= top || s.leakedBytes(i) == 0) {
                break;
            }
            out.write(String.format(Locale.ROOT, "  %,d %s, %s, still alive after %s, allocated by %s%n",
                    s.leakedCount(i), s.kind(i) == LeakKind.POOL ? "pools" : "blocks", bytes(s.leakedBytes(i)),
                    seconds(trace.olderThanMillis()), path(s, i)));
        }
        out.flush();
    }

    /** The innermost {@link #PATH_FRAMES} frames, outermost first, joined by " ← ". */
    static String path(StackTable s, int i) {
        List<String> names = new ArrayList<>();
        for (int l = Math.max(0, s.depth(i) - PATH_FRAMES); l < s.depth(i); l++) {
            names.add(TextSafe.clean(s.frame(i, l)));
        }
        return String.join(" ← ", names);
    }

    static String bytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, millis % 1000 == 0 ? "%.0f s" : "%.1f s", millis / 1000.0);
    }
}
