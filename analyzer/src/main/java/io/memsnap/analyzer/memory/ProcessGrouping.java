// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.memory;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.analyzer.findings.Severity;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which processes a report can summarise: an nginx master with workers, when no finding above info is about it
 * (its memory is rarely the problem, and its full section is 100 lines), and workers alike to an earlier one:
 * the same layers walked, and every RSS category within {@link #ALIKE_SHARE} of the earlier worker's RSS (at
 * least {@link #NOTABLE_BYTES}). Pure.
 *
 * @param summarisedMaster the master's pid, when it is summarised
 * @param alike the alike workers by pid, in snapshot order
 */
public record ProcessGrouping(List<Integer> summarisedMaster, Map<Integer, AlikeProcess> alike) {
    /** A difference smaller than this is not worth a word. */
    public static final long NOTABLE_BYTES = 1L << 20;

    /** How far a category may differ, as a share of the first worker's RSS, for two workers to be alike. */
    public static final double ALIKE_SHARE = 0.10;

    public ProcessGrouping {
        summarisedMaster = List.copyOf(summarisedMaster);
        alike = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(alike));
    }

    /** Groups {@code snapshot}'s processes, given its findings. */
    public static ProcessGrouping of(Snapshot snapshot, List<Finding> findings) {
        List<Integer> master = new ArrayList<>();
        for (ProcessSnapshot p : snapshot.processes()) {
            boolean problem = findings.stream().anyMatch(f -> f.pid() == p.pid() && f.severity() != Severity.INFO);
            if (p.role() == Role.MASTER && snapshot.processes().size() > 1 && !problem) {
                master.add(p.pid());
            }
        }
        Map<Integer, AlikeProcess> alike = new LinkedHashMap<>();
        List<ProcessSnapshot> shown = new ArrayList<>();
        for (ProcessSnapshot p : snapshot.processes()) {
            if (p.role() != Role.WORKER) {
                continue;
            }
            AlikeProcess like = shown.stream().map(s -> compare(p, s)).filter(a -> a != null).findFirst()
                    .orElse(null);
            if (like == null) {
                shown.add(p);
            } else {
                alike.put(p.pid(), like);
            }
        }
        return new ProcessGrouping(master, alike);
    }

    /** {@code p} as alike to {@code shown}, or null when they differ too much. */
    static AlikeProcess compare(ProcessSnapshot p, ProcessSnapshot shown) {
        if (p.glibc().isPresent() != shown.glibc().isPresent()
                || p.luajit().isPresent() != shown.luajit().isPresent()) {
            return null;
        }
        long allowed = Math.max(NOTABLE_BYTES, (long) (shown.rssBytes() * ALIKE_SHARE));
        List<AlikeProcess.Difference> diffs = new ArrayList<>();
        for (Category c : Category.values()) {
            long delta = p.bytesOf(c) - shown.bytesOf(c);
            if (Math.abs(delta) > allowed) {
                return null;
            }
            if (Math.abs(delta) >= NOTABLE_BYTES) {
                diffs.add(new AlikeProcess.Difference(c, delta));
            }
        }
        diffs.sort(Comparator.comparingLong((AlikeProcess.Difference d) -> -Math.abs(d.deltaBytes()))
                .thenComparing(d -> d.category().ordinal()));
        return new AlikeProcess(p.pid(), shown.pid(), p.rssBytes() - shown.rssBytes(), diffs);
    }
}
