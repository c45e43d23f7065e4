// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ProcStatus;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.proc.CgroupMemoryLimit;
import io.memsnap.snapshot.proc.Cmdline;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.ProcStat;
import io.memsnap.snapshot.proc.ProcStatusParser;
import io.memsnap.snapshot.proc.ThreadStackPointers;
import io.memsnap.snapshot.target.ProcessDiscovery;
import io.memsnap.snapshot.target.ProcessFacts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads {@link ProcessFacts} of a live process from {@code /proc}. Stateless. */
public final class LiveFacts {
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private LiveFacts() {}

    /**
     * Reads the facts of {@code pid}; {@code mappings} (already read) decide the LuaJIT role.
     *
     * @throws MemsnapException TARGET_GONE if the process has exited (or is a zombie), PERMISSION if refused
     */
    public static ProcessFacts read(int pid, List<Mapping> mappings) {
        ProcStat stat = ProcStat.parse(ProcFs.readText(pid, "stat"));
        if (stat.state() == 'Z' || stat.state() == 'X') {
            throw new MemsnapException(MemsnapException.Kind.TARGET_GONE, "process " + pid + " has exited (zombie)");
        }
        String cmdline = Cmdline.parse(ProcFs.readBytes(pid, "cmdline"));
        String exe = exe(pid);
        ProcStatus status = ProcStatusParser.parse(ProcFs.readText(pid, "status"));
        Optional<Long> limit = CgroupMemoryLimit.read(pid, CGROUP_ROOT);
        List<String> warnings = new ArrayList<>();
        List<Long> stackPointers = List.of();
        try {
            stackPointers = ThreadStackPointers.read(pid);
        } catch (MemsnapException e) {
            if (e.kind() != MemsnapException.Kind.PERMISSION) {
                throw e;
            }
            // /proc/PID/task/TID/syscall needs ptrace-attach rights, more than smaps needs
            warnings.add("thread stacks not identified (their stack pointers are not readable: " + e.getMessage()
                    + "); they count as other anonymous memory");
        }
        return new ProcessFacts(ProcessSnapshot.unread(pid, stat.ppid(),
                ProcessDiscovery.classify(stat.comm(), cmdline, exe, mappings), stat.comm(), cmdline, exe, status,
                limit), stackPointers, warnings);
    }

    /** The exe link; a kernel thread or an exiting process has none, which leaves it empty. */
    private static String exe(int pid) {
        try {
            return ProcFs.readLink(pid, "exe");
        } catch (MemsnapException e) {
            if (e.kind() == MemsnapException.Kind.PERMISSION) {
                throw e;
            }
            if (!ProcFs.exists(pid)) {
                throw e;
            }
            return "";
        }
    }
}
