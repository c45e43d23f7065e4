// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import io.memsnap.analyzer.diff.Spans;
import io.memsnap.analyzer.findings.Finding;
import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.memory.AlikeProcess;
import io.memsnap.analyzer.memory.InstanceMemory;
import io.memsnap.analyzer.memory.ProcessGrouping;
import io.memsnap.analyzer.view.ProcessView;
import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What text and HTML list alike besides the analyzer's view ({@link ProcessView}): a process's findings and
 * warnings, and the words of a summarised process. Stateless.
 */
public final class ReportRows {
    private ReportRows() {}

    /** The {@code n} largest breakdown categories of a summarised process: "glibc in use 1.2 MiB (45%), ...". */
    public static String largest(ProcessView v, int n) {
        return v.breakdown().stream().limit(n).map(e -> e.item().category().label() + " "
                + HumanUnits.bytes(e.item().bytes()) + " (" + HumanUnits.percent(e.share()) + ")")
                .collect(Collectors.joining(", "));
    }

    /** How a worker differs from the alike one shown: "glibc in use +2.0 MiB, ..." or that nothing notable does. */
    public static String differences(AlikeProcess a) {
        return a.differences().isEmpty()
                ? "no category differs by " + HumanUnits.exact(ProcessGrouping.NOTABLE_BYTES) + " or more"
                : a.differences().stream()
                        .map(d -> d.category().label() + " " + Spans.signedBytes(d.deltaBytes()))
                        .collect(Collectors.joining(", "));
    }

    /**
     * The headers of the RSS, PSS and USS columns: as they are for a live process; for a core file, where all three
     * are estimates and PSS is no more than the RSS estimate, they say so.
     */
    public static List<String> memoryHeader(InstanceMemory mem) {
        return mem.estimated() ? List.of("RSS (est.)", "PSS (= RSS)", "USS (est.)") : List.of("RSS", "PSS", "USS");
    }

    /** The findings about {@code pid}, in their ranked order. */
    public static List<Finding> findingsOf(List<Finding> findings, int pid) {
        return findings.stream().filter(f -> f.pid() == pid).toList();
    }

    /** All warnings of a process: capture, then glibc walker, then LuaJIT walker, each prefixed by its source. */
    public static List<String> warnings(ProcessSnapshot p) {
        List<String> out = new ArrayList<>();
        p.warnings().forEach(w -> out.add("capture: " + w));
        p.glibc().ifPresent(g -> {
            g.warnings().forEach(w -> out.add("glibc walker: " + w));
            g.arenas().forEach(a -> a.warnings().forEach(w -> out.add(String.format(Locale.ROOT,
                    "glibc walker, %s arena 0x%x: %s", a.kind(), a.address(), w))));
        });
        p.luajit().ifPresent(l -> l.warnings().forEach(w -> out.add("LuaJIT walker: " + w)));
        return out;
    }
}
