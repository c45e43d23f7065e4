// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import io.memsnap.analyzer.measure.MeasureKey;
import io.memsnap.analyzer.measure.MeasureKind;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one row of a diff compares: one process with itself, a group of processes (workers replaced by a reload)
 * or every process of each capture.
 *
 * @param label {@code all processes}, {@code pid 1234 (worker)}, {@code workers (replaced: 12 -> 34)}
 * @param beforePids the processes of the first snapshot summed here
 * @param afterPids the processes of the second snapshot summed here
 * @param deltas every measure of either side, in {@code MeasureKey.ORDER}
 */
public record ProcessPair(String label, List<Integer> beforePids, List<Integer> afterPids, List<MeasureDelta> deltas) {
    public ProcessPair {
        Objects.requireNonNull(label, "label");
        beforePids = List.copyOf(beforePids);
        afterPids = List.copyOf(afterPids);
        deltas = List.copyOf(deltas);
    }

    /** The delta of {@code layer/group/name}, or a zero delta if neither side has it. */
    public MeasureDelta delta(String layer, String group, String name) {
        return deltas.stream()
                .filter(d -> d.key().layer().equals(layer) && d.key().group().equals(group)
                        && d.key().name().equals(name))
                .findFirst()
                .orElse(new MeasureDelta(new MeasureKey(layer, group, name, 0), MeasureKind.TOTAL, 0, 0,
                        OptionalLong.empty(), OptionalLong.empty()));
    }

    /** The deltas of one group, in order. */
    public List<MeasureDelta> group(String layer, String group) {
        return deltas.stream().filter(d -> d.key().layer().equals(layer) && d.key().group().equals(group)).toList();
    }
}
