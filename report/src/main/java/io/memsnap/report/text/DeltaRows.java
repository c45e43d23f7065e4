// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import io.memsnap.analyzer.diff.MeasureDelta;
import io.memsnap.report.DeltaCells;
import java.util.List;
import java.util.Locale;

/** Cells for a table of measure deltas, shared by the text renderers of diffs. Stateless. */
final class DeltaRows {
    private DeltaRows() {}

    /** Header then one row per changed delta; the last line says how many unchanged rows were left out. */
    static List<String> table(List<MeasureDelta> deltas) {
        TextTable t = new TextTable("  ", -18, -19, 10, 10, 11, 8, 10);
        t.row(DeltaCells.HEADER.toArray(String[]::new));
        int hidden = 0;
        for (MeasureDelta d : deltas) {
            if (!DeltaCells.changed(d)) {
                hidden++;
                continue;
            }
            t.row(DeltaCells.of(d));
        }
        List<String> lines = new java.util.ArrayList<>(t.lines());
        lines.add(String.format(Locale.ROOT, "  (in layer, group and size order; %d unchanged rows not shown; "
                + "--format json has every row)", hidden));
        return lines;
    }
}
