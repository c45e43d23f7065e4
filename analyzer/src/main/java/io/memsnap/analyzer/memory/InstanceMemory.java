// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.memory;

import io.memsnap.snapshot.model.Snapshot;
import java.util.Comparator;
import java.util.List;

/**
 * The memory of everything a snapshot captured (an nginx master and its workers, or one process), with shared pages
 * counted once: the instance total is the sum of PSS, because PSS splits every shared page among the processes that
 * map it, so a page shared by the master and 32 workers adds up to one page. Summing RSS instead counts it 33 times.
 *
 * @param processes each process, largest PSS first (ties by pid)
 * @param rssSumBytes the sum of RSS, which counts shared pages once per process
 * @param pssSumBytes the instance total: the sum of PSS (pages shared with processes outside the snapshot count
 *     only their share)
 * @param ussSumBytes the sum of USS: what would be freed if every captured process exited, at least
 * @param estimated true for a core file, where sharing is not recorded and PSS is the RSS estimate
 * @param zones the nginx shared zones, each once over all processes mapping it (part of {@code pssSumBytes})
 */
public record InstanceMemory(List<ProcessMemory> processes, long rssSumBytes, long pssSumBytes, long ussSumBytes,
        boolean estimated, List<SharedZoneMemory> zones) {
    public InstanceMemory {
        processes = List.copyOf(processes);
        zones = List.copyOf(zones);
    }

    /** Per-process PSS and USS and their sums for {@code snapshot}. Pure. */
    public static InstanceMemory of(Snapshot snapshot) {
        List<ProcessMemory> ps = snapshot.processes().stream().map(ProcessMemory::of)
                .sorted(Comparator.comparingLong(ProcessMemory::pssBytes).reversed()
                        .thenComparingInt(ProcessMemory::pid))
                .toList();
        return new InstanceMemory(ps, ps.stream().mapToLong(ProcessMemory::rssBytes).sum(),
                ps.stream().mapToLong(ProcessMemory::pssBytes).sum(),
                ps.stream().mapToLong(ProcessMemory::ussBytes).sum(), snapshot.source().startsWith("core "),
                SharedZoneMemory.of(snapshot.processes()));
    }

    /**
     * Where the PSS figures come from, as JSON's {@code memory.pss_source} names it: {@code smaps_pss} (the sum of
     * each mapping's smaps Pss, measured) or {@code rss_estimate} (a core file: sharing is not recorded, so PSS is
     * the RSS estimate and is not a measured PSS).
     */
    public String pssSource() {
        return estimated ? "rss_estimate" : "smaps_pss";
    }

    /** How much summing RSS over-counts: shared pages counted more than once. */
    public long overCountedBytes() {
        return Math.max(0, rssSumBytes - pssSumBytes);
    }
}
