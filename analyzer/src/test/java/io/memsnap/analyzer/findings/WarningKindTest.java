// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Warnings as the snapshot module writes them, each to its kind; inherent limits never ask for a bug report. */
class WarningKindTest {
    @Test
    void realWarningsGetTheirKind() {
        assertEquals(WarningKind.CORE_RESIDENCY, WarningKind.of(
                "a core records no residency: resident sizes are estimated from non-zero dumped pages"));
        assertEquals(WarningKind.CORE_FACTS, WarningKind.of("captured_at is the core file's modification time "
                + "(2026-03-04T05:06:07Z), not a time the core records; the kernel release of the machine it came "
                + "from is unknown"));
        assertEquals(WarningKind.STATIC_BINARY,
                WarningKind.of("no libc.so.6 mapped (statically linked?): glibc malloc state not located"));
        assertEquals(WarningKind.GC_CYCLE,
                WarningKind.of("the collector was sweeping (sweep strings): counts include garbage not yet freed"));
        assertEquals(WarningKind.NOT_FROZEN, WarningKind.of("captured without freezing: pid 42 is memsnap's child"));
        assertEquals(WarningKind.UNREADABLE, WarningKind.of("LuaJIT page residency unreadable: EPERM"));
        assertEquals(WarningKind.TORN, WarningKind.of("LuaJIT segment list did not end after 100000 segments"));
        assertEquals(WarningKind.TORN, WarningKind.of("GC walk stopped after 5000000 objects"));
        assertEquals(WarningKind.OTHER, WarningKind.of("something new"));
    }

    @Test
    void inherentLimitsAreExplainedNotReportedAsBugs() {
        for (WarningKind k : WarningKind.values()) {
            assertEquals(k.inherent(), k.label().endsWith("(inherent)"), k.name());
            if (k.inherent()) {
                assertFalse(k.advice().contains("bug"), k + ": " + k.advice());
                assertFalse(k.advice().contains("as root"), k + ": " + k.advice());
            }
        }
        assertTrue(WarningKind.TORN.advice().contains("--freeze"));
    }
}
