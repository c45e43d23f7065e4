// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.ProcStat;
import java.util.ArrayList;
import java.util.List;

/** The processes a trace covers: the target, plus its children running the same executable (nginx workers). */
final class TargetPids {
    private TargetPids() {}

    static List<Integer> of(int pid) {
        List<Integer> out = new ArrayList<>(List.of(pid));
        String exe = ProcFs.readLink(pid, "exe");
        for (int p : ProcFs.allPids()) {
            try {
                if (p != pid && ProcStat.parse(ProcFs.readText(p, "stat")).ppid() == pid
                        && exe.equals(ProcFs.readLink(p, "exe"))) {
                    out.add(p);
                }
            } catch (RuntimeException e) {
                // exited while we looked, or not ours to read: not a worker we can trace
            }
        }
        return out;
    }

    /**
     * The CPU time (user + system) {@code pids} have used so far, in ms: fields 14 and 15 of {@code /proc/PID/stat}
     * in USER_HZ ticks of 10 ms; a process that is gone counts 0.
     */
    static long cpuMillis(List<Integer> pids) {
        long sum = 0;
        for (int pid : pids) {
            try {
                String line = ProcFs.readText(pid, "stat");
                String[] rest = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
                sum += (Long.parseLong(rest[11]) + Long.parseLong(rest[12])) * 10;
            } catch (RuntimeException e) {
                // exited: its time no longer matters for the next burst
            }
        }
        return sum;
    }

    /** True when none of {@code pids} is still running (a zombie has exited: it only waits to be reaped). */
    static boolean allGone(List<Integer> pids) {
        return pids.stream().noneMatch(TargetPids::running);
    }

    private static boolean running(int pid) {
        try {
            char state = ProcStat.parse(ProcFs.readText(pid, "stat")).state();
            return state != 'Z' && state != 'X';
        } catch (RuntimeException e) {
            return false;
        }
    }
}
