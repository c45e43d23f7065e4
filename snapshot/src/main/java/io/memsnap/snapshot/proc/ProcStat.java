// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import java.util.Objects;

/**
 * The fields memsnap uses from {@code /proc/PID/stat} (or {@code /proc/PID/task/TID/stat}).
 *
 * @param pid the pid (or tid)
 * @param comm the command name between the parentheses (may contain spaces and parentheses)
 * @param state the state letter: R, S, D, T (stopped), t (tracing stop), Z, X, I
 * @param ppid the parent pid
 * @param flags the kernel's task flags (field 9), e.g. {@link #PF_KTHREAD}
 * @param stackPointer {@code kstkesp} (field 29); modern kernels print 0 unless the task is dumping core
 */
public record ProcStat(int pid, String comm, char state, int ppid, long flags, long stackPointer) {
    /** Task flag of kernel threads ({@code include/linux/sched.h}). */
    public static final long PF_KTHREAD = 0x00200000;

    public ProcStat {
        Objects.requireNonNull(comm, "comm");
    }

    /**
     * Parses one stat line. The comm may contain {@code ") "}, so the fields after it are found from the last
     * closing parenthesis.
     *
     * @throws IllegalArgumentException if the line is not a stat line
     */
    public static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= line.length()) {
            throw new IllegalArgumentException("not a /proc stat line: " + line);
        }
        int pid = Integer.parseInt(line.substring(0, open).trim());
        String comm = line.substring(open + 1, close);
        // rest[0] is field 3 (state), so field N is rest[N - 3]
        String[] rest = line.substring(close + 2).trim().split(" ");
        if (rest.length < 7) {
            throw new IllegalArgumentException("truncated /proc stat line: " + line);
        }
        long sp = rest.length > 26 ? Long.parseUnsignedLong(rest[26]) : 0;
        return new ProcStat(pid, comm, rest[0].charAt(0), Integer.parseInt(rest[1]),
                Long.parseUnsignedLong(rest[6]), sp);
    }

    /** True for kernel threads, which have no user address space to capture. */
    public boolean kernelThread() {
        return (flags & PF_KTHREAD) != 0;
    }

    /** True for T (group stop) and t (ptrace stop). */
    public boolean stopped() {
        return state == 'T' || state == 't';
    }
}
