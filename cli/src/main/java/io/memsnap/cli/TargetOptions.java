// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.snapshot.capture.CaptureOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
            description = "the default: stop each process with ptrace (PTRACE_SEIZE/INTERRUPT) only while its "
                    + "writable memory is copied, then walk the copy; consistent numbers, the pause is reported "
                    + "(about 0.7 s for 570 MiB of Lua heap, see README); the kernel resumes it if memsnap dies")
    boolean freeze;

    @Option(names = "--no-freeze",
            description = "never stop the target: read it while it runs (numbers of a busy process may be torn; "
                    + "memsnap then says so and drops the torn layer's findings)")
    boolean noFreeze;

    @Option(names = "--max-pause", paramLabel = "DURATION", converter = PauseConverter.class,
            description = "longest a process may be stopped, e.g. 500ms or 2s (default: 2s); a process whose copy "
                    + "would take longer is refused before it is touched")
    Duration maxPause = CaptureOptions.DEFAULT_MAX_PAUSE;

    @Option(names = "--spill", paramLabel = "DIR",
            description = "keep the copy in a deleted file in DIR instead of memory (when MemAvailable is tight)")
    Path spill;

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
        if (freeze && noFreeze) {
            throw new ParameterException(spec.commandLine(), "--freeze and --no-freeze contradict each other");
        }
        if (spill != null && !(Files.isDirectory(spill) && Files.isWritable(spill))) {
            throw new ParameterException(spec.commandLine(), "--spill " + spill + ": not a writable directory");
        }
        return Optional.ofNullable(pid);
    }

    /** Capture options from the flags (call {@link #validatedPid} first). */
    CaptureOptions captureOptions() {
        return new CaptureOptions(!noFreeze, !noWorkers, Sources.FREEZE_TIMEOUT, maxPause,
                Optional.ofNullable(spill));
    }
}
