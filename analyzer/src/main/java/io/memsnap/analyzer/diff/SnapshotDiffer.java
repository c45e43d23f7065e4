// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import io.memsnap.snapshot.model.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares two snapshots of the same processes: deltas of every measure of every layer, per process and for all
 * processes together, a G-test on the shape of each counted histogram, and findings in words. Stateless.
 */
public final class SnapshotDiffer {
    /** The counted groups whose shape is tested. A new layer with a histogram adds its group here. */
    static final List<String[]> HISTOGRAMS = List.of(new String[] {"glibc", "size_class"},
            new String[] {"luajit", "object_type"});

    /** The diff of {@code before} and {@code after} (normally {@code after} was captured later). */
    public SnapshotDiff diff(Snapshot before, Snapshot after) {
        List<String> mismatches = new ArrayList<>();
        ProcessPairing.compareCaptures(before, after, mismatches);
        Duration elapsed = elapsed(before, after, mismatches);
        List<ProcessPair> pairs = ProcessPairing.pairs(before, after, mismatches);
        List<ShapeTest> shapes = new ArrayList<>();
        for (String[] h : HISTOGRAMS) {
            HistogramShapeTester.test(h[0], h[1], pairs.get(0).group(h[0], h[1])).ifPresent(shapes::add);
        }
        return new SnapshotDiff(side(before), side(after), elapsed, mismatches, pairs, shapes,
                DiffFinder.find(pairs.get(0), elapsed, shapes));
    }

    private static SnapshotDiff.Side side(Snapshot s) {
        return new SnapshotDiff.Side(s.capturedAt(), s.source(), s.format());
    }

    private static Duration elapsed(Snapshot a, Snapshot b, List<String> mismatches) {
        try {
            Duration d = Duration.between(Instant.parse(a.capturedAt()), Instant.parse(b.capturedAt()));
            if (d.isNegative()) {
                mismatches.add("the first snapshot was captured after the second (" + a.capturedAt() + " vs "
                        + b.capturedAt() + "): deltas read as second minus first, rates are not given");
                return Duration.ZERO;
            }
            return d;
        } catch (DateTimeParseException e) {
            mismatches.add("a capture time cannot be read (" + a.capturedAt() + ", " + b.capturedAt()
                    + "): no rates");
            return Duration.ZERO;
        }
    }
}
