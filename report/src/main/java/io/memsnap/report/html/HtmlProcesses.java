// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import io.memsnap.analyzer.diff.Spans;
import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.memory.AlikeProcess;
import io.memsnap.analyzer.memory.ProcessGrouping;
import io.memsnap.analyzer.view.ProcessView;
import io.memsnap.analyzer.view.SnapshotView;
import io.memsnap.report.ReportRows;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The processes part of the HTML report and its table of contents: one collapsible section per process holding its
 * layers ({@link HtmlLayers}), a quiet master in a few lines (folded), and the workers alike to one shown in one
 * table, as the text report does ({@link ProcessGrouping}). Writes to one {@link HtmlOut}; not thread-safe.
 */
final class HtmlProcesses {
    private static final int MASTER_ROWS = 3;

    private final Snapshot snapshot;
    private final SnapshotView view;
    private final HtmlOut h;

    HtmlProcesses(Snapshot snapshot, SnapshotView view, HtmlOut h) {
        this.snapshot = snapshot;
        this.view = view;
        this.h = h;
    }

    /** The links of the table of contents: every process with a section, then the alike workers. */
    void toc() throws IOException {
        ProcessGrouping g = view.grouping();
        for (ProcessView v : view.processes()) {
            ProcessSnapshot p = v.process();
            if (!g.alike().containsKey(p.pid())) {
                h.tag(" ").link(HtmlLayers.processId(p.pid()), "pid " + p.pid() + " (" + p.role().key() + ")");
            }
        }
        if (!g.alike().isEmpty()) {
            h.tag(" ").link("alike", "alike workers (" + g.alike().size() + ")");
        }
    }

    /** A section per process in snapshot order, then the table of alike workers. */
    void write() throws IOException {
        ProcessGrouping g = view.grouping();
        for (ProcessView v : view.processes()) {
            int pid = v.process().pid();
            if (g.summarisedMaster().contains(pid)) {
                master(v);
            } else if (!g.alike().containsKey(pid)) {
                full(v);
            }
        }
        if (!g.alike().isEmpty()) {
            alike(g.alike());
        }
    }

    private static String title(ProcessSnapshot p) {
        return String.format(Locale.ROOT, "pid %d (%s, %s): RSS %s", p.pid(), p.role().key(), p.name(),
                HumanUnits.bytes(p.rssBytes()));
    }

    private void full(ProcessView v) throws IOException {
        ProcessSnapshot p = v.process();
        h.open("process", HtmlLayers.processId(p.pid()), false, title(p), "");
        h.tag("<p class=\"toc\">In this process:");
        for (Map.Entry<String, String> layer : HtmlLayers.present(v).entrySet()) {
            h.tag(" ").link(HtmlLayers.id(p.pid(), layer.getKey()), layer.getValue());
        }
        h.tag("</p>\n");
        new HtmlLayers(snapshot, h).write(v);
        h.close();
    }

    private void master(ProcessView v) throws IOException {
        ProcessSnapshot p = v.process();
        h.open("process", HtmlLayers.processId(p.pid()), true, title(p), "summarised: no finding above info is about the master");
        h.el("p", "", "Largest: " + ReportRows.largest(v, MASTER_ROWS) + ".").tag("\n");
        List<String> warnings = ReportRows.warnings(p);
        if (!warnings.isEmpty()) {
            h.el("p", "", warnings.size() + " warning(s); see the findings.").tag("\n");
        }
        h.el("p", "muted", String.format(Locale.ROOT, "All of it: --format json, or memsnap -p %d --no-workers.",
                p.pid())).tag("\n");
        h.close();
    }

    private void alike(Map<Integer, AlikeProcess> alike) throws IOException {
        h.tag("<section id=\"alike\">\n");
        h.el("h3", "", "Workers alike to one above");
        h.el("p", "muted", "Each walked the same layers as the worker named, and no RSS category differs by more than "
                + HumanUnits.percent(ProcessGrouping.ALIKE_SHARE) + " of that worker's RSS; differences of "
                + HumanUnits.exact(ProcessGrouping.NOTABLE_BYTES) + " or more are named.");
        h.tag("<table>\n");
        boolean[] num = {true, false, true, true, true, false};
        h.row("th", num, "pid", "name", "RSS", "like worker", "RSS difference", "categories that differ");
        for (ProcessView v : view.processes()) {
            AlikeProcess a = alike.get(v.process().pid());
            if (a == null) {
                continue;
            }
            ProcessSnapshot p = v.process();
            // ids and hrefs are built from pids (ints): no escaping needed
            h.tag("<tr id=\"" + HtmlLayers.processId(p.pid()) + "\">").el("td", "num", Integer.toString(p.pid())).el("td", "", p.name())
                    .el("td", "num", HumanUnits.bytes(p.rssBytes())).tag("<td class=\"num\">")
                    .link(HtmlLayers.processId(a.likePid()), Integer.toString(a.likePid())).tag("</td>")
                    .el("td", "num", Spans.signedBytes(a.rssDeltaBytes()))
                    .el("td", "", ReportRows.differences(a)).tag("</tr>\n");
        }
        h.tag("</table>\n</section>\n");
    }
}
