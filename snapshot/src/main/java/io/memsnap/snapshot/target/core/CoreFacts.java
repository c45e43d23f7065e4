// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.core;

import java.util.Objects;
import java.util.Optional;

/**
 * What a core file says about its process, from NT_PRPSINFO, NT_PRSTATUS, NT_AUXV and NT_FILE.
 *
 * @param pid process id (NT_PRPSINFO {@code pr_pid}, else the first NT_PRSTATUS)
 * @param ppid parent pid, 0 if the core does not say
 * @param comm the kernel's {@code comm} ({@code pr_fname}, at most 15 characters)
 * @param cmdline arguments joined by spaces, read from argv on the dumped initial stack (as {@code /proc/PID/cmdline}
 *     showed them); if that fails, {@code pr_psargs} (gdb records only argv[0] there, the kernel cuts it at 80
 *     bytes); empty if neither is present
 * @param exe path of the executable: the NT_FILE mapping that holds the auxv {@code AT_ENTRY} address; empty if the
 *     core has no auxv or file note
 * @param threads number of NT_PRSTATUS notes (one per thread)
 */
public record CoreFacts(int pid, int ppid, String comm, String cmdline, Optional<String> exe, int threads) {
    public CoreFacts {
        Objects.requireNonNull(comm, "comm");
        Objects.requireNonNull(cmdline, "cmdline");
        Objects.requireNonNull(exe, "exe");
    }
}
