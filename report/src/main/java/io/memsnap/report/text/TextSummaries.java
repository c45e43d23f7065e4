// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import io.memsnap.analyzer.diff.Spans;
import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.memory.AlikeProcess;
import io.memsnap.analyzer.view.ProcessView;
import io.memsnap.report.ReportRows;
import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.List;
import java.util.Locale;

/** A process in a few lines instead of a section: a quiet nginx master, or a worker alike to one shown. */
final class TextSummaries {
    private static final int MASTER_ROWS = 3;

    private TextSummaries() {}

    static void master(ProcessView v, List<String> lines) {
        ProcessSnapshot p = v.process();
        lines.addAll(TextWrap.wrap(String.format(Locale.ROOT, "PROCESS %d (master, %s), RSS %s: summarised, no "
                + "finding above info is about it (all of it: --format json, or memsnap -p %d --no-workers)",
                p.pid(), p.name(), HumanUnits.bytes(p.rssBytes()), p.pid()), "", "  "));
        lines.addAll(TextWrap.wrap("largest: " + ReportRows.largest(v, MASTER_ROWS), "  ", "    "));
        List<String> warnings = ReportRows.warnings(p);
        if (!warnings.isEmpty()) {
            lines.addAll(TextWrap.wrap(warnings.size() + " warning(s); see the findings", "  ", "    "));
        }
    }

    static void alike(ProcessSnapshot p, AlikeProcess a, List<String> lines) {
        String diffs = ReportRows.differences(a);
        lines.addAll(TextWrap.wrap(String.format(Locale.ROOT, "PROCESS %d (worker, %s), RSS %s: like worker %d "
                + "(RSS %s); %s", p.pid(), p.name(), HumanUnits.bytes(p.rssBytes()), a.likePid(),
                Spans.signedBytes(a.rssDeltaBytes()), diffs), "", "  "));
    }
}
