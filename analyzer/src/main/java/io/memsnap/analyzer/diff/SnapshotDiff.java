// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What changed between two snapshots.
 *
 * @param before capture time and source of the first snapshot
 * @param after capture time and source of the second snapshot
 * @param elapsed time between the captures (zero if a capture time could not be read)
 * @param mismatches what differs between the inputs beyond memory (other processes, replaced workers, formats),
 *     each a sentence saying what is still compared
 * @param pairs what is compared: every process first ({@link DiffNames#ALL}), then pid by pid
 * @param shapes the histogram shape tests of the all-processes pair
 * @param findings sentences, most important first
 */
public record SnapshotDiff(Side before, Side after, Duration elapsed, List<String> mismatches, List<ProcessPair> pairs,
        List<ShapeTest> shapes, List<DiffFinding> findings) {
    /** The JSON format id of a diff. */
    public static final String FORMAT = "memsnap-diff/1";

    public SnapshotDiff {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(elapsed, "elapsed");
        mismatches = List.copyOf(mismatches);
        pairs = List.copyOf(pairs);
        shapes = List.copyOf(shapes);
        findings = List.copyOf(findings);
    }

    /** The pair of every process. */
    public ProcessPair all() {
        return pairs.get(0);
    }

    /**
     * One input of a diff.
     *
     * @param capturedAt ISO-8601 capture instant
     * @param source what was captured
     * @param format the snapshot format id
     */
    public record Side(String capturedAt, String source, String format) {
        public Side {
            Objects.requireNonNull(capturedAt, "capturedAt");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(format, "format");
        }
    }
}
