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

    /**
     * The process's {@code comm} from a core's {@code pr_fname}. The kernel writes the real comm there; gdb's gcore
     * writes the base name of argv[0] (cut to 16 bytes). For a process that retitles itself that is a piece of the
     * title ({@code nginx: worker pr}, or {@code nginx.conf} from {@code nginx: master process ... -c
     * /etc/nginx/nginx.conf}), not a name. When {@code pr_fname} is not the start of the base name of the command
     * line's first word, it is replaced by the executable's base name cut to 15 characters, as the kernel sets comm
     * at exec. Pure.
     */
    public static String comm(String prFname, String cmdline, boolean writtenByGdb, Optional<String> exe) {
        String first = cmdline.split(" ", 2)[0];
        String firstBase = first.substring(first.lastIndexOf('/') + 1);
        if (!writtenByGdb || exe.isEmpty() || firstBase.startsWith(prFname)) {
            return prFname;
        }
        String base = exe.get().substring(exe.get().lastIndexOf('/') + 1);
        return base.length() > 15 ? base.substring(0, 15) : base;
    }
}
