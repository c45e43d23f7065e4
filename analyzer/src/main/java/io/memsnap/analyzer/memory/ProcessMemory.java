// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.memory;

import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import java.util.Objects;

/**
 * How much memory one process holds, three ways, from its smaps mappings.
 *
 * @param pid the process
 * @param role its role
 * @param rssBytes resident bytes; pages shared with other processes count in full in each of them
 * @param pssBytes proportional set size: each resident page divided by the number of processes that map it (smaps
 *     Pss, summed over mappings)
 * @param ussBytes unique set size: pages only this process maps (smaps Private_Clean + Private_Dirty)
 */
public record ProcessMemory(int pid, Role role, long rssBytes, long pssBytes, long ussBytes) {
    public ProcessMemory {
        Objects.requireNonNull(role, "role");
        if (rssBytes < 0 || pssBytes < 0 || ussBytes < 0) {
            throw new IllegalArgumentException("negative size for pid " + pid);
        }
    }

    /** Sums a process's mappings. */
    public static ProcessMemory of(ProcessSnapshot p) {
        long pss = 0;
        long uss = 0;
        for (Mapping m : p.mappings()) {
            pss += m.pssBytes();
            uss += m.privateCleanBytes() + m.privateDirtyBytes();
        }
        return new ProcessMemory(p.pid(), p.role(), p.rssBytes(), pss, uss);
    }

    /** Resident bytes this process shares with others (RSS minus USS). */
    public long sharedBytes() {
        return rssBytes - Math.min(rssBytes, ussBytes);
    }
}
