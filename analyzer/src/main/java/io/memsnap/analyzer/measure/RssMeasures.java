// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.measure;

import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.ArrayList;
import java.util.List;

/** The RSS breakdown as measures: {@code rss/category/<category key>} (resident parts) and {@code rss/total/rss}. */
final class RssMeasures implements MeasureExtractor {
    static final String LAYER = "rss";

    @Override
    public List<Measure> extract(ProcessSnapshot p) {
        List<Measure> out = new ArrayList<>();
        out.add(Measure.of(new MeasureKey(LAYER, "total", "rss", 0), MeasureKind.TOTAL, p.rssBytes()));
        for (BreakdownEntry e : p.breakdown()) {
            out.add(Measure.of(new MeasureKey(LAYER, "category", e.category().key(), e.category().ordinal()),
                    MeasureKind.RESIDENT, e.bytes()));
        }
        return out;
    }
}
