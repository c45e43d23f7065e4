// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.analyzer.findings.Severity;
import java.util.List;

/** {@code --fail-on}: the least severe finding that makes {@code report} exit with {@link ExitCode#FINDINGS}. */
enum FailOn {
    WARNING(Severity.WARNING),
    CRITICAL(Severity.CRITICAL);

    private final Severity least;

    FailOn(Severity least) {
        this.least = least;
    }

    /** The values as typed, for completion. */
    static final class Names extends java.util.ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Names() {
            super(List.of("warning", "critical"));
        }
    }

    /** Whether a finding at this severity or worse is among {@code findings}. */
    boolean triggeredBy(List<Finding> findings) {
        // Severity is declared from most to least severe
        return findings.stream().anyMatch(f -> f.severity().compareTo(least) <= 0);
    }
}
