// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.measure;

import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The keyed measures of processes: every layer's extractor applied, and sums over several processes (all workers
 * of an nginx, or a whole capture). Stateless.
 */
public final class Measures {
    /** One extractor per layer. A new layer adds its extractor here and nothing else changes. */
    static final List<MeasureExtractor> EXTRACTORS =
            List.of(new RssMeasures(), new GlibcMeasures(), new LuaJitMeasures(), new NginxMeasures());

    private Measures() {}

    /** Every measure of one process, sorted by {@link MeasureKey#ORDER}. */
    public static List<Measure> of(ProcessSnapshot process) {
        List<Measure> out = new ArrayList<>();
        for (MeasureExtractor x : EXTRACTORS) {
            out.addAll(x.extract(process));
        }
        return sorted(sum(out));
    }

    /** The measures of several processes added up key by key (counts too, where every process counted). */
    public static List<Measure> sumOf(Collection<ProcessSnapshot> processes) {
        List<Measure> all = new ArrayList<>();
        for (ProcessSnapshot p : processes) {
            all.addAll(of(p));
        }
        return sorted(sum(all));
    }

    /** The measures by key. */
    public static Map<MeasureKey, Measure> byKey(List<Measure> measures) {
        Map<MeasureKey, Measure> m = new LinkedHashMap<>();
        for (Measure x : measures) {
            m.put(x.key(), x);
        }
        return m;
    }

    private static List<Measure> sum(List<Measure> measures) {
        Map<MeasureKey, Measure> m = new LinkedHashMap<>();
        for (Measure x : measures) {
            m.merge(x.key(), x, (a, b) -> new Measure(a.key(), a.kind(), a.bytes() + b.bytes(),
                    a.count().isPresent() && b.count().isPresent()
                            ? OptionalLong.of(a.count().getAsLong() + b.count().getAsLong())
                            : OptionalLong.empty()));
        }
        return new ArrayList<>(m.values());
    }

    private static List<Measure> sorted(List<Measure> measures) {
        measures.sort((a, b) -> MeasureKey.ORDER.compare(a.key(), b.key()));
        return List.copyOf(measures);
    }
}
