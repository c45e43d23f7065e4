// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import io.memsnap.snapshot.MemsnapException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The user-space stack pointer of each thread of a live process, used to find thread stacks among anonymous
 * mappings. Source: {@code /proc/PID/task/TID/syscall}, whose second-to-last field is the stack pointer whenever
 * the thread is blocked (in a system call, or stopped, as every thread is while memsnap freezes the target); a
 * thread that is running prints {@code running} and has no usable value. The fallback is {@code kstkesp} in
 * {@code stat}, which current kernels only fill for a task that is dumping core, so it rarely helps. Threads whose
 * stack pointer is unknown simply do not mark a stack; their stack mapping then counts as anonymous. Stateless.
 */
public final class ThreadStackPointers {
    private ThreadStackPointers() {}

    /** The known stack pointers of {@code pid}'s threads, in tid order; threads that vanished are skipped. */
    public static List<Long> read(int pid) {
        List<Long> out = new ArrayList<>();
        for (int tid : ProcFs.taskIds(pid)) {
            try {
                OptionalLong sp = parseSyscall(ProcFs.readText(pid, "task/" + tid + "/syscall"));
                if (sp.isEmpty()) {
                    long kst = ProcStat.parse(ProcFs.readText(pid, "task/" + tid + "/stat")).stackPointer();
                    sp = kst != 0 ? OptionalLong.of(kst) : OptionalLong.empty();
                }
                sp.ifPresent(out::add);
            } catch (MemsnapException e) {
                if (e.kind() == MemsnapException.Kind.PERMISSION) {
                    throw e;
                }
                // a thread that exited between listing and reading has no stack left to classify
            }
        }
        return out;
    }

    /**
     * Parses a {@code syscall} file: {@code "nr a1 a2 a3 a4 a5 a6 sp pc"} in a system call, {@code "-1 sp pc"}
     * when blocked elsewhere, {@code "running"} otherwise. Pure.
     */
    static OptionalLong parseSyscall(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length < 3) {
            return OptionalLong.empty();
        }
        String sp = f[f.length - 2];
        if (!sp.startsWith("0x")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseUnsignedLong(sp.substring(2), 16));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
