// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target;

import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.List;
import java.util.Objects;

/**
 * What is known about a process besides its address space. Its identity and counters (pid, ppid, role, name,
 * cmdline, exe, status, cgroup limit) are the snapshot the capture starts from ({@link ProcessSnapshot#unread}), so
 * they are declared once, in the model; the rest is what only the capture needs. Live targets fill it from
 * {@code /proc} ({@code target.live.LiveFacts}); core files from their notes (unknown counters are
 * {@link io.memsnap.snapshot.model.ProcStatus#unknown()}, unknown limits empty).
 *
 * @param process identity and counters, as a snapshot with nothing of the memory read yet (the role comes from
 *     {@link ProcessDiscovery#classify}; exe is empty if unknown)
 * @param threadStackPointers one user stack pointer per thread whose pointer is known; marks thread stacks
 * @param warnings what could not be learned about the process (optional enrichment that was refused or missing)
 */
public record ProcessFacts(ProcessSnapshot process, List<Long> threadStackPointers, List<String> warnings) {

    public ProcessFacts {
        Objects.requireNonNull(process, "process");
        if (process.holdsMemory()) {
            throw new IllegalArgumentException("facts hold a process before its memory is read: ProcessSnapshot.unread");
        }
        threadStackPointers = List.copyOf(threadStackPointers);
        warnings = List.copyOf(warnings);
    }

    /** Facts with nothing to warn about. */
    public ProcessFacts(ProcessSnapshot process, List<Long> threadStackPointers) {
        this(process, threadStackPointers, List.of());
    }
}
