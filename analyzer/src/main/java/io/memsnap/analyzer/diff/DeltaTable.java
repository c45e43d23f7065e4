// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import io.memsnap.analyzer.measure.Measure;
import io.memsnap.analyzer.measure.MeasureKey;
import io.memsnap.analyzer.measure.Measures;
import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/** Joins the measures of two sides key by key into deltas. Stateless. */
final class DeltaTable {
    private DeltaTable() {}

    static ProcessPair pair(String label, List<ProcessSnapshot> before, List<ProcessSnapshot> after) {
        return new ProcessPair(label, before.stream().map(ProcessSnapshot::pid).toList(),
                after.stream().map(ProcessSnapshot::pid).toList(),
                join(Measures.sumOf(before), Measures.sumOf(after)));
    }

    static List<MeasureDelta> join(List<Measure> before, List<Measure> after) {
        Map<MeasureKey, Measure> a = Measures.byKey(before);
        Map<MeasureKey, Measure> b = Measures.byKey(after);
        Map<MeasureKey, MeasureKey> keys = new TreeMap<>(MeasureKey.ORDER);
        a.keySet().forEach(k -> keys.put(k, k));
        b.keySet().forEach(k -> keys.putIfAbsent(k, k));
        List<MeasureDelta> out = new ArrayList<>();
        for (MeasureKey k : keys.keySet()) {
            Measure x = a.get(k);
            Measure y = b.get(k);
            Measure any = x != null ? x : y;
            out.add(new MeasureDelta(k, any.kind(), x == null ? 0 : x.bytes(), y == null ? 0 : y.bytes(),
                    x == null ? zeroIfCounted(y) : x.count(), y == null ? zeroIfCounted(x) : y.count()));
        }
        return out;
    }

    private static OptionalLong zeroIfCounted(Measure other) {
        return other.count().isPresent() ? OptionalLong.of(0) : OptionalLong.empty();
    }
}
