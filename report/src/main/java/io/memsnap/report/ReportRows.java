// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What text and HTML list alike besides the analyzer's view ({@link io.memsnap.analyzer.view.ProcessView}): a
 * process's findings and its warnings. Stateless.
 */
public final class ReportRows {
    private ReportRows() {}

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
