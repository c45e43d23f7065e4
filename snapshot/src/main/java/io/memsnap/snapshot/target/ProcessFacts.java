// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target;

import io.memsnap.snapshot.model.ProcStatus;
import io.memsnap.snapshot.model.Role;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about a process besides its address space: identity, counters and thread stack pointers. Live
 * targets fill it from {@code /proc} ({@code target.live.LiveFacts}); core files from their notes (unknown counters are
 * {@link ProcStatus#unknown()}, unknown limits empty).
 *
 * @param pid process id
 * @param ppid parent pid, 0 if unknown
 * @param role master, worker, luajit or other ({@link ProcessDiscovery#classify})
 * @param name the kernel's {@code comm}
 * @param cmdline arguments joined by spaces
 * @param exe the executable's path as the target sees it, empty if unknown
 * @param status counters from {@code /proc/PID/status}
 * @param cgroupMemoryLimitBytes the tightest cgroup memory limit, empty if none or unknown
 * @param threadStackPointers one user stack pointer per thread whose pointer is known; marks thread stacks
 * @param warnings what could not be learned about the process (optional enrichment that was refused or missing)
 */
public record ProcessFacts(
        int pid,
        int ppid,
        Role role,
        String name,
        String cmdline,
        String exe,
        ProcStatus status,
        Optional<Long> cgroupMemoryLimitBytes,
        List<Long> threadStackPointers,
        List<String> warnings) {

    public ProcessFacts {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cmdline, "cmdline");
        Objects.requireNonNull(exe, "exe");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(cgroupMemoryLimitBytes, "cgroupMemoryLimitBytes");
        threadStackPointers = List.copyOf(threadStackPointers);
        warnings = List.copyOf(warnings);
    }

    /** Facts with nothing to warn about. */
    public ProcessFacts(int pid, int ppid, Role role, String name, String cmdline, String exe, ProcStatus status,
            Optional<Long> cgroupMemoryLimitBytes, List<Long> threadStackPointers) {
        this(pid, ppid, role, name, cmdline, exe, status, cgroupMemoryLimitBytes, threadStackPointers, List.of());
    }
}
