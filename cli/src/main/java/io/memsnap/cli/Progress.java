// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;

/** The one stderr line a finished command prints: input, output, elapsed seconds. */
final class Progress {
    private Progress() {}

    static void done(CommonOptions common, PrintWriter err, String input, Optional<String> output, long startNanos) {
        done(common, err, input, output.orElse("stdout"), startNanos);
    }

    static void done(CommonOptions common, PrintWriter err, String input, String output, long startNanos) {
        if (common.quiet) {
            return;
        }
        double secs = (System.nanoTime() - startNanos) / 1e9;
        err.println(String.format(Locale.ROOT, "memsnap: %s -> %s in %.2f s", input, output, secs));
        err.flush();
    }
}
