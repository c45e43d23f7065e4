// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.view;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.analyzer.memory.InstanceMemory;
import io.memsnap.analyzer.memory.ProcessGrouping;
import io.memsnap.snapshot.model.Snapshot;
import java.util.List;
import java.util.Objects;

/**
 * Everything a report renderer needs from one snapshot, finished by the analyzer: a {@link ProcessView} per process
 * (in snapshot order), the memory per process with the instance total, and which processes are summarised.
 * Immutable.
 *
 * @param processes one view per process, in snapshot order
 * @param memory RSS, PSS and USS per process and their sums
 * @param grouping the summarised master and the workers alike to an earlier one
 */
public record SnapshotView(List<ProcessView> processes, InstanceMemory memory, ProcessGrouping grouping) {
    public SnapshotView {
        processes = List.copyOf(processes);
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(grouping, "grouping");
    }

    /** The view of {@code snapshot} given its {@code findings}, ranked tables cut to {@code top} rows. Pure. */
    public static SnapshotView of(Snapshot snapshot, List<Finding> findings, int top) {
        return new SnapshotView(snapshot.processes().stream().map(p -> ProcessView.of(p, top)).toList(),
                InstanceMemory.of(snapshot), ProcessGrouping.of(snapshot, findings));
    }
}
