// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import io.memsnap.analyzer.findings.EvidenceRow;
import io.memsnap.analyzer.findings.Finding;
import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.memory.ProcessGrouping;
import io.memsnap.analyzer.view.ProcessView;
import io.memsnap.analyzer.view.SnapshotView;
import io.memsnap.report.Renderer;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.TornNotice;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plain-text report: findings first, then one section per process. Lines are at most 100 columns, sizes in
 * binary units, shares as percentages of RSS; strings from the target have control characters escaped. Stateless
 * and thread-safe.
 */
public final class TextRenderer implements Renderer {
    @Override
    public void render(Snapshot snapshot, List<Finding> findings, ReportOptions options, Writer out)
            throws IOException {
        List<String> lines = new ArrayList<>();
        header(snapshot, lines);
        findings(findings, lines);
        SnapshotView view = SnapshotView.of(snapshot, findings, options.topRows());
        TextMemorySection.write(view.memory(), options.topRows(), lines);
        ProcessGrouping groups = view.grouping();
        for (ProcessView v : view.processes()) {
            int pid = v.process().pid();
            lines.add("");
            if (groups.summarisedMaster().contains(pid)) {
                TextSummaries.master(v, lines);
            } else if (groups.alike().containsKey(pid)) {
                TextSummaries.alike(v.process(), groups.alike().get(pid), lines);
            } else {
                new TextProcessSection(v).write(lines);
            }
        }
        for (String line : lines) {
            out.write(line);
            out.write('\n');
        }
        out.flush();
    }

    private static void header(Snapshot s, List<String> lines) {
        String torn = TornNotice.line(s);
        if (!torn.isEmpty()) {
            lines.addAll(TextWrap.wrap(torn, "", "  "));
        }
        lines.addAll(TextWrap.wrap("memsnap report of " + s.source() + ", captured " + s.capturedAt(), "", "  "));
        lines.addAll(TextWrap.wrap(String.format(Locale.ROOT, "kernel %s, page size %s, memsnap %s, %s",
                s.host().kernel(), HumanUnits.exact(s.host().pageSizeBytes()), s.host().memsnapVersion(),
                s.format()), "", "  "));
        List<String> procs = s.processes().stream()
                .map(p -> p.pid() + " " + p.role().key() + " (RSS " + HumanUnits.bytes(p.rssBytes()) + ")")
                .toList();
        lines.addAll(TextWrap.wrap("processes: " + String.join(", ", procs), "", "  "));
    }

    private static void findings(List<Finding> findings, List<String> lines) {
        lines.add("");
        lines.add(String.format(Locale.ROOT, "FINDINGS (%d; most severe first, then by bytes)", findings.size()));
        if (findings.isEmpty()) {
            lines.add("  No rule passed its threshold: nothing stands out in this snapshot.");
        }
        int n = 0;
        for (Finding f : findings) {
            n++;
            lines.add("");
            lines.add(String.format(Locale.ROOT, "%2d. %-8s  pid %d  %s", n, f.severity().name(), f.pid(), f.id()));
            lines.addAll(TextWrap.wrap(f.text(), "    ", "    "));
            TextTable t = new TextTable("    ", -34, 10, 7, 0);
            t.row("evidence", "bytes", "of RSS", "detail");
            List<String> notes = new ArrayList<>();
            for (EvidenceRow r : f.evidence()) {
                if (r.bytes() == 0) {
                    // rows without bytes are statements (walker warnings): show them whole, wrapped
                    notes.addAll(TextWrap.wrap(r.label() + ": " + r.detail(), "    - ", "      "));
                } else {
                    // blank when the row has no share (EvidenceRow): allocation bytes have no share of RSS
                    t.row(r.label(), HumanUnits.bytes(r.bytes()), HumanUnits.percent(r.shareOfRss()), r.detail());
                }
            }
            if (notes.size() < f.evidence().size()) {
                lines.addAll(t.lines());
            }
            lines.addAll(notes);
            lines.addAll(TextWrap.wrap("what to do: " + f.whatToDo(), "    ", "      "));
            lines.addAll(TextWrap.wrap("keywords: " + String.join("; ", f.keywords()), "    ", "      "));
        }
    }
}
