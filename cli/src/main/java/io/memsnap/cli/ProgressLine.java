// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.snapshot.capture.CaptureProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The live progress line on stderr during a capture: "memsnap: process 2 of 3 (pid 1234): copying 570 MiB",
 * rewritten in place, shown only once the capture has run for a second and only when stderr is a terminal, and
 * erased by {@link #close}. Confined to the capturing thread.
 */
final class ProgressLine implements CaptureProgress, AutoCloseable {
    private static final long DELAY_NANOS = 1_000_000_000L;
    private final PrintStream err;
    private final long startNanos = System.nanoTime();
    private boolean shown;

    private ProgressLine(PrintStream err) {
        this.err = err;
    }

    /** A progress line on this process's stderr if it is a terminal and not {@code quiet}, else one that says nothing. */
    static ProgressLine forStderr(boolean quiet) {
        return new ProgressLine(!quiet && stderrIsTerminal() ? System.err : null);
    }

    private static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Override
    public void stage(int index, int count, int pid, String stage, long bytes) {
        if (err == null || System.nanoTime() - startNanos < DELAY_NANOS) {
            return;
        }
        String what = stage.equals("copying") ? "copying " + HumanUnits.bytes(bytes) : "walking " + stage;
        err.print(String.format(Locale.ROOT, "\r\033[Kmemsnap: process %d of %d (pid %d): %s", index, count, pid,
                what));
        err.flush();
        shown = true;
    }

    /** Erases the line if it was shown. */
    @Override
    public void close() {
        if (shown) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
