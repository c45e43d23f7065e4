// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import io.memsnap.analyzer.diff.MeasureDelta;
import io.memsnap.analyzer.diff.Spans;
import io.memsnap.analyzer.findings.HumanUnits;
import java.util.List;

/** The cells of a row of a table of measure deltas, as the text and HTML diff reports both show them. Stateless. */
public final class DeltaCells {
    /** The column headers, in the order of {@link #of}. */
    public static final List<String> HEADER = List.of("layer/group", "item", "before", "after", "change", "relative",
            "items +/-");

    private DeltaCells() {}

    /** Whether {@code d} changed at all; an unchanged row is left out of the tables (JSON has every row). */
    public static boolean changed(MeasureDelta d) {
        return d.deltaBytes() != 0 || d.deltaCount().orElse(0) != 0;
    }

    /** The cells of {@code d}, one per {@link #HEADER} column. */
    public static String[] of(MeasureDelta d) {
        return new String[] {d.key().layer() + "/" + d.key().group(), d.key().name(), HumanUnits.bytes(d.beforeBytes()),
            HumanUnits.bytes(d.afterBytes()), Spans.signedBytes(d.deltaBytes()), Spans.relative(d),
            d.deltaCount().stream().mapToObj(Spans::signedCount).findFirst().orElse("")};
    }
}
