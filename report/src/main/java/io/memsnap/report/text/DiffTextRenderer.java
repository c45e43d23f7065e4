// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import io.memsnap.analyzer.diff.DiffFinding;
import io.memsnap.analyzer.diff.ProcessPair;
import io.memsnap.analyzer.diff.SnapshotDiff;
import io.memsnap.analyzer.diff.Spans;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plain-text diff: inputs, what differs between them, findings, then a delta table per compared pair (all
 * processes first). At most 100 columns; strings from the target have control characters escaped. Stateless.
 */
public final class DiffTextRenderer {
    /** Writes {@code diff} to {@code out} (flushed, not closed). */
    public void render(SnapshotDiff diff, Writer out) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.addAll(TextWrap.wrap("memsnap diff: " + diff.before().source() + " at " + diff.before().capturedAt()
                + " -> " + diff.after().source() + " at " + diff.after().capturedAt() + " ("
                + Spans.duration(diff.elapsed()) + " apart)", "", "  "));
        if (!diff.mismatches().isEmpty()) {
            lines.add("");
            lines.add("INPUTS DIFFER");
            for (String m : diff.mismatches()) {
                lines.addAll(TextWrap.wrap(m, "  - ", "    "));
            }
        }
        lines.add("");
        lines.add(String.format(Locale.ROOT, "FINDINGS (%d)", diff.findings().size()));
        int n = 0;
        for (DiffFinding f : diff.findings()) {
            lines.add(String.format(Locale.ROOT, "%2d. %s", ++n, f.id()));
            lines.addAll(TextWrap.wrap(f.text(), "    ", "    "));
        }
        for (ProcessPair p : diff.pairs()) {
            lines.add("");
            lines.addAll(TextWrap.wrap(p.label().toUpperCase(Locale.ROOT) + "  (pids " + p.beforePids() + " -> "
                    + p.afterPids() + ")", "", "  "));
            lines.addAll(DeltaRows.table(p.deltas()));
        }
        for (String line : lines) {
            out.write(line);
            out.write('\n');
        }
        out.flush();
    }
}
