// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.StoredSnapshots;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The recorded master + worker, with a copy of the worker as a second one: it reads as one line. */
class TextSummariesTest {
    @Test
    void aSecondAlikeWorkerIsOneLineAndTheQuietMasterAFew() throws IOException {
        Snapshot three = StoredSnapshots.withAlikeWorker();
        StringWriter out = new StringWriter();
        new TextRenderer().render(three, FindingsEngine.withDefaultRules().analyze(three), ReportOptions.defaults(),
                out);
        String text = out.toString();
        assertTrue(text.contains("PROCESS 5511 (worker, nginx), RSS 74.9 MiB: like worker 5510 (RSS +0 B); no category"
                + " differs by 1\n  MiB or more\n"), text);
        assertEquals(1, text.split("PROCESS 5510 ", -1).length - 1, "the first worker in full, once");
        assertTrue(text.contains("PROCESS 5508 (master, nginx), RSS 2.6 MiB: summarised"), text);
        assertEquals(1, text.split("RSS by category", -1).length - 1, "one full section");
    }
}
