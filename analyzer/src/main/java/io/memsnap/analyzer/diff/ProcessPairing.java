// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides what a diff may compare. Every process of each side together always; then each pid found on both sides
 * with the same executable; workers that exist on one side only are compared as a group when the other side has
 * unmatched workers too (a reload or a respawn replaced them), and said so. Stateless.
 */
final class ProcessPairing {
    private ProcessPairing() {}

    /** The pairs, first the whole of each snapshot. Notes on what differs go to {@code mismatches}. */
    static List<ProcessPair> pairs(Snapshot a, Snapshot b, List<String> mismatches) {
        List<ProcessPair> out = new ArrayList<>();
        out.add(DeltaTable.pair(DiffNames.ALL, a.processes(), b.processes()));
        Map<Integer, ProcessSnapshot> before = byPid(a);
        Map<Integer, ProcessSnapshot> after = byPid(b);
        List<ProcessSnapshot> goneWorkers = new ArrayList<>();
        List<ProcessSnapshot> newWorkers = new ArrayList<>();
        for (ProcessSnapshot p : before.values()) {
            ProcessSnapshot q = after.get(p.pid());
            if (q != null && q.exe().equals(p.exe()) && q.role() == p.role()) {
                if (a.processes().size() == 1 && b.processes().size() == 1) {
                    continue; // the all-processes pair is this process
                }
                out.add(DeltaTable.pair("pid " + p.pid() + " (" + p.role().key() + ")", List.of(p), List.of(q)));
            } else if (q != null) {
                mismatches.add("pid " + p.pid() + " is another process in the second snapshot (" + describe(p)
                        + " vs " + describe(q) + "): not compared");
            } else if (p.role() == Role.WORKER) {
                goneWorkers.add(p);
            } else {
                mismatches.add("pid " + p.pid() + " (" + describe(p) + ") is gone in the second snapshot");
            }
        }
        for (ProcessSnapshot q : after.values()) {
            if (!before.containsKey(q.pid())) {
                if (q.role() == Role.WORKER) {
                    newWorkers.add(q);
                } else {
                    mismatches.add("pid " + q.pid() + " (" + describe(q) + ") is new in the second snapshot");
                }
            }
        }
        workers(goneWorkers, newWorkers, out, mismatches);
        return out;
    }

    private static void workers(List<ProcessSnapshot> gone, List<ProcessSnapshot> fresh, List<ProcessPair> out,
            List<String> mismatches) {
        if (gone.isEmpty() && fresh.isEmpty()) {
            return;
        }
        String from = pids(gone);
        String to = pids(fresh);
        if (!gone.isEmpty() && !fresh.isEmpty()) {
            mismatches.add("workers were replaced (" + from + " -> " + to + "): another nginx generation after a "
                    + "reload, or respawned workers; they are compared as a group, per-worker deltas are not "
                    + "meaningful");
            out.add(DeltaTable.pair("workers replaced (" + from + " -> " + to + ")", gone, fresh));
        } else if (!gone.isEmpty()) {
            mismatches.add("workers " + from + " are gone in the second snapshot");
        } else {
            mismatches.add("workers " + to + " are new in the second snapshot");
        }
    }

    /** Differences between the two captures as a whole: format, source, kernel, memsnap version. */
    static void compareCaptures(Snapshot a, Snapshot b, List<String> mismatches) {
        if (!a.format().equals(b.format())) {
            mismatches.add("formats differ (" + a.format() + " vs " + b.format() + "): only common fields compared");
        }
        if (!a.source().equals(b.source())) {
            mismatches.add("sources differ (" + a.source() + " vs " + b.source() + "): these may be different "
                    + "processes; per-pid rows only where pid and executable match");
        }
        if (!a.host().kernel().equals(b.host().kernel())) {
            mismatches.add("kernels differ (" + a.host().kernel() + " vs " + b.host().kernel() + ")");
        }
        if (!a.host().memsnapVersion().equals(b.host().memsnapVersion())) {
            mismatches.add("captured by different memsnap versions (" + a.host().memsnapVersion() + " vs "
                    + b.host().memsnapVersion() + "): a walker change can move bytes between categories");
        }
        if (!exes(a).equals(exes(b))) {
            mismatches.add("the executables differ: " + exes(a) + " vs " + exes(b));
        }
    }

    private static Set<String> exes(Snapshot s) {
        return s.processes().stream().map(ProcessSnapshot::exe).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<Integer, ProcessSnapshot> byPid(Snapshot s) {
        Map<Integer, ProcessSnapshot> m = new TreeMap<>();
        s.processes().forEach(p -> m.put(p.pid(), p));
        return m;
    }

    private static String describe(ProcessSnapshot p) {
        return p.role().key() + " " + p.exe();
    }

    private static String pids(List<ProcessSnapshot> ps) {
        return ps.stream().map(p -> String.valueOf(p.pid())).collect(Collectors.joining(","));
    }
}
