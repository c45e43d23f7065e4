// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** What to look at: a live pid, or a file (a saved snapshot or a core file). Exactly one. */
final class TargetOptions {
    @Option(names = {"-p", "--pid"}, paramLabel = "PID",
            description = "a live process; an nginx master pid covers the master and all its workers")
    Integer pid;

    @Parameters(paramLabel = "FILE", arity = "0..1",
            description = "a snapshot file (.json or .json.gz from 'memsnap snapshot') or a core file (gcore); "
                    + "- reads stdin; pipes and FIFOs work")
    String file;

    @Option(names = "--freeze",
            description = "stop the target with ptrace (PTRACE_SEIZE/INTERRUPT) while it is read, for consistent "
                    + "numbers; the kernel resumes it even if memsnap dies. The pause is reported.")
    boolean freeze;

    @Option(names = "--no-workers", description = "for an nginx master pid, capture only the master")
    boolean noWorkers;

    /**
     * The pid, or empty when a file was named; a usage error unless exactly one of the two was given and the pid is
     * positive.
     */
    Optional<Integer> validatedPid(CommandSpec spec) {
        if ((pid == null) == (file == null)) {
            throw new ParameterException(spec.commandLine(), "give either -p PID or a snapshot/core FILE");
        }
        if (pid != null && pid <= 0) {
            throw new ParameterException(spec.commandLine(), "-p " + pid + " is not a process id (a pid is 1 or more)");
        }
        return Optional.ofNullable(pid);
    }
}
