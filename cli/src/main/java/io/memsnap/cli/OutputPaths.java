// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks an output path before anything is captured, so that a bad {@code -o} is a usage error (exit 2) with its
 * reason, not a failure after every worker was stopped and walked.
 */
final class OutputPaths {
    private OutputPaths() {}

    /** Throws a usage error naming why {@code file} cannot be written; does nothing for a writable path. */
    static void requireWritable(CommandSpec spec, String option, Path file) {
        reason(file.toAbsolutePath().normalize()).ifPresent(r ->
                { throw new ParameterException(spec.commandLine(), option + " " + file + ": " + r); });
    }

    /** Why {@code file} (absolute) cannot be written as a new or replaced regular file, or empty. */
    static Optional<String> reason(Path file) {
        if (file.startsWith("/proc") || file.startsWith("/sys")) {
            return Optional.of("a kernel file system (/proc, /sys) cannot hold a report");
        }
        if (Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file)) {
            // a FIFO or a device (/dev/null, /dev/stdout) is written directly
            return Files.isWritable(file) ? Optional.empty() : Optional.of("exists and is not writable");
        }
        if (Files.isDirectory(file)) {
            return Optional.of("is a directory; name a file in it");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            return Optional.of("exists and is not writable");
        }
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.of("directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            return Optional.of("directory " + dir + " is not writable");
        }
        return Optional.empty();
    }
}
