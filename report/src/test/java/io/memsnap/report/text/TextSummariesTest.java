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
import org.junit.jupiter.api.Test;

/** The recorded master + worker, with a copy of the worker as a second one: it reads as one line. */
class TextSummariesTest {
    @Test
    void aSecondAlikeWorkerIsOneLineAndTheQuietMasterAFew() throws IOException {
        Snapshot three = StoredSnapshots.withAlikeWorker();
        Snapshot s = three;
        ProcessSnapshot w = three.processes().get(1);
        ProcessSnapshot copy = three.processes().get(2);
        StringWriter out = new StringWriter();
        new TextRenderer().render(three, FindingsEngine.withDefaultRules().analyze(three), ReportOptions.defaults(),
                out);
        String text = out.toString();
        int m = s.processes().get(0).pid();
        String rss = HumanUnits.bytes(w.rssBytes());
        assertTrue(text.contains("PROCESS " + copy.pid() + " (worker, nginx), RSS " + rss + ": like worker " + w.pid()
                + " (RSS ±0 B); no category differs by 1\n  MiB or more\n"), text);
        assertEquals(1, text.split("PROCESS " + w.pid() + " ", -1).length - 1, "the first worker in full, once");
        assertTrue(text.contains("PROCESS " + m + " (master, nginx), RSS "
                + HumanUnits.bytes(s.processes().get(0).rssBytes()) + ": summarised"), text);
        assertEquals(1, text.split("RSS by category", -1).length - 1, "one full section");
    }
}
