// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import io.memsnap.analyzer.findings.EvidenceRow;
import io.memsnap.analyzer.findings.Finding;
import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.findings.Severity;
import io.memsnap.analyzer.memory.InstanceMemory;
import io.memsnap.analyzer.memory.ProcessMemory;
import io.memsnap.analyzer.view.LayerShare;
import io.memsnap.analyzer.view.ProcessView;
import io.memsnap.analyzer.view.SnapshotView;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.ReportRows;
import io.memsnap.report.TornNotice;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the title, summary and findings placeholders, and hands the contents and processes to {@link HtmlProcesses}. */
final class HtmlSections {
    private final Snapshot snapshot;
    private final SnapshotView view;
    private final List<Finding> findings;
    private final HtmlOut h;

    HtmlSections(Snapshot snapshot, List<Finding> findings, ReportOptions options, HtmlOut h) {
        this.snapshot = snapshot;
        this.view = SnapshotView.of(snapshot, findings, options.topRows());
        this.findings = findings;
        this.h = h;
    }

    void write(String placeholder) throws IOException {
        HtmlProcesses processes = new HtmlProcesses(snapshot, view, h);
        switch (placeholder) {
            case "title" -> h.text("memsnap report: " + snapshot.source());
            case "summary" -> summary();
            case "toc" -> processes.toc();
            case "findings" -> findings();
            case "processes" -> processes.write();
            default -> throw new IllegalStateException("unknown placeholder @" + placeholder);
        }
    }

    private void summary() throws IOException {
        String torn = TornNotice.line(snapshot);
        if (!torn.isEmpty()) {
            h.el("p", "torn", torn);
        }
        h.el("h1", "", "memsnap report: " + snapshot.source());
        h.el("p", "meta", "captured " + snapshot.capturedAt() + " · kernel " + snapshot.host().kernel()
                + " · memsnap " + snapshot.host().memsnapVersion() + " · " + snapshot.format());
        InstanceMemory mem = view.memory();
        Map<Integer, ProcessMemory> byPid = new HashMap<>();
        mem.processes().forEach(pm -> byPid.put(pm.pid(), pm));
        h.tag("<table class=\"summary\">\n");
        boolean[] head = {false, false, false, true, true, true, false, false};
        List<String> memory = ReportRows.memoryHeader(mem);
        h.row("th", head, "pid", "role", "name", memory.get(0), memory.get(1), memory.get(2), "largest layer",
                "findings");
        for (ProcessView v : view.processes()) {
            ProcessSnapshot p = v.process();
            LayerShare top = v.largestLayer();
            ProcessMemory pm = byPid.get(p.pid());
            // the pid links to the process's section (an int: no escaping needed)
            h.tag("<tr><td class=\"num\"><a href=\"#p-" + p.pid() + "\">" + p.pid() + "</a></td>");
            h.el("td", "", p.role().key()).el("td", "", p.name()).el("td", "num", HumanUnits.bytes(p.rssBytes()))
                    .el("td", "num", HumanUnits.bytes(pm.pssBytes())).el("td", "num", HumanUnits.bytes(pm.ussBytes()))
                    .el("td", "", top.layer().label() + top.shareOfRss().map(s -> " " + HumanUnits.percent(s)).orElse(""))
                    .el("td", "", countBySeverity(ReportRows.findingsOf(findings, p.pid()))).tag("</tr>\n");
        }
        if (mem.processes().size() > 1) {
            h.row("th", head, "sum", "", "", HumanUnits.bytes(mem.rssSumBytes()), HumanUnits.bytes(mem.pssSumBytes()),
                    HumanUnits.bytes(mem.ussSumBytes()), "", "");
        }
        h.tag("</table>\n");
        if (mem.estimated()) {
            h.el("p", "muted", "From a core file: RSS is an estimate (dumped pages not all zero); sharing is not "
                    + "recorded, so PSS is that RSS estimate, not a measured PSS, and USS is the dumped anonymous "
                    + "memory. There is no instance total.");
        } else if (mem.processes().size() > 1) {
            h.el("p", "", String.format(Locale.ROOT, "Instance total, shared memory counted once: %s (the sum of "
                    + "PSS). The sum of RSS, %s, counts %s of shared pages more than once.",
                    HumanUnits.bytes(mem.pssSumBytes()), HumanUnits.bytes(mem.rssSumBytes()),
                    HumanUnits.bytes(mem.overCountedBytes())));
        }
    }

    private static String countBySeverity(List<Finding> fs) {
        if (fs.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        for (Severity s : Severity.values()) {
            long n = fs.stream().filter(f -> f.severity() == s).count();
            if (n > 0) {
                b.append(b.length() == 0 ? "" : ", ").append(n).append(' ').append(s.key());
            }
        }
        return b.toString();
    }

    private void findings() throws IOException {
        if (findings.isEmpty()) {
            h.el("p", "", "No rule passed its threshold: nothing stands out in this snapshot.");
            return;
        }
        h.el("p", "muted", "Most severe first, then by bytes.");
        for (Finding f : findings) {
            String sev = f.severity().key();
            h.tag("<div class=\"finding " + sev + "\">\n");
            h.tag("<div>").el("span", "badge " + sev, f.severity().name())
                    .el("span", "muted", "pid " + f.pid() + " · " + f.id()).tag("</div>\n");
            h.el("p", "text", f.text()).tag("\n");
            if (!f.evidence().isEmpty()) {
                h.tag("<table>\n");
                h.row("th", new boolean[] {false, true, true, false}, "evidence", "bytes", "of RSS", "detail");
                for (EvidenceRow r : f.evidence()) {
                    h.row("td", new boolean[] {false, true, true, false}, r.label(),
                            r.bytes() == 0 ? "" : HumanUnits.bytes(r.bytes()),
                            r.bytes() == 0 ? "" : HumanUnits.percent(r.shareOfRss()), r.detail());
                }
                h.tag("</table>\n");
            }
            h.tag("<p class=\"todo\"><strong>What to do:</strong> ").text(f.whatToDo()).tag("</p>\n");
            h.el("p", "keywords", "Keywords: " + String.join("; ", f.keywords())).tag("\n");
            h.tag("</div>\n");
        }
    }
}
