// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.StoredSnapshots;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recorded master + worker, with a copy of the worker as a second one: it reads as one line. */
class TextSummariesTest {
    @Test
    void aSecondAlikeWorkerIsOneLineAndTheQuietMasterAFew() throws IOException {
        Snapshot s = StoredSnapshots.read("linux6.18-x86_64-nginx1.22-openresty-luajit2-pseudo-leak");
        ProcessSnapshot w = s.processes().get(1);
        ProcessSnapshot copy = new ProcessSnapshot(w.pid() + 1, w.ppid(), w.role(), w.name(), w.cmdline(), w.exe(),
                w.rssBytes(), w.status(), w.cgroupMemoryLimitBytes(), w.freezePauseMillis(), w.mappings(),
                w.breakdown(), w.glibc(), w.luajit(), w.warnings());
        List<ProcessSnapshot> ps = new ArrayList<>(s.processes());
        ps.add(copy);
        Snapshot three = new Snapshot(s.format(), s.capturedAt(), s.source(), s.host(), ps);
        StringWriter out = new StringWriter();
        new TextRenderer().render(three, FindingsEngine.withDefaultRules().analyze(three), ReportOptions.defaults(),
                out);
        String text = out.toString();
        int m = s.processes().get(0).pid();
        String rss = HumanUnits.bytes(w.rssBytes());
        assertTrue(text.contains("PROCESS " + copy.pid() + " (worker, nginx), RSS " + rss + ": like worker " + w.pid()
                + " (RSS +0 B); no category differs by 1\n  MiB or more\n"), text);
        assertEquals(1, text.split("PROCESS " + w.pid() + " ", -1).length - 1, "the first worker in full, once");
        assertTrue(text.contains("PROCESS " + m + " (master, nginx), RSS "
                + HumanUnits.bytes(s.processes().get(0).rssBytes()) + ": summarised"), text);
        assertEquals(1, text.split("RSS by category", -1).length - 1, "one full section");
        StringWriter html = new StringWriter();
        new io.memsnap.report.html.HtmlRenderer().render(three, FindingsEngine.withDefaultRules().analyze(three),
                ReportOptions.defaults(), html);
        assertTrue(html.toString().contains("<details id=\"p-" + copy.pid() + "\"><summary>pid " + copy.pid()
                + " (worker): RSS " + rss + " <span class=\"muted\">(folded: like worker " + w.pid()
                + ", RSS +0 B)</span></summary>"), "HTML folds it too");
        assertTrue(html.toString().contains("<details open id=\"p-" + w.pid() + "\">"));
        assertTrue(html.toString().contains("<details id=\"p-" + m + "\">"), "the quiet master starts folded");
    }
}
