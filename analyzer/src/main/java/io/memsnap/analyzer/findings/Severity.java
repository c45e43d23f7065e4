// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import java.util.Locale;

/** How urgently a finding wants attention; declared most urgent first, which is the ranking order. */
public enum Severity {
    /** Explains most of the memory or puts the process near its limit: act on this first. */
    CRITICAL,
    /** A large, specific cause worth acting on. */
    WARNING,
    /** Context that helps read the rest (which layer holds the memory, what could not be walked). */
    INFO;

    /** Lower-case name used in JSON and text. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
