// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Options and output paths are checked before any process is touched: each case names a pid that does not exist,
 * so a check made after the capture would end with exit 3 (target gone) instead of the usage error (exit 2).
 */
class OptionValidationTest {
    private static final String NO_SUCH_PID = "2147483646";
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void aNegativeTopIsAUsageErrorBeforeCapture() {
        assertEquals(2, run("-p", NO_SUCH_PID, "--top", "-1"));
        assertTrue(err.toString().startsWith("memsnap: --top must be 0 or more, not -1"), err.toString());
    }

    @Test
    void anUnwritableOutputIsAUsageErrorWithItsReason() {
        assertEquals(2, run("-p", NO_SUCH_PID, "-o", "/proc/foo"));
        assertTrue(err.toString().startsWith("memsnap: -o /proc/foo: a kernel file system"), err.toString());
        assertEquals(2, run("snapshot", "-p", NO_SUCH_PID, "-o", "/no/such/dir/s.json"));
        assertTrue(err.toString().contains("directory /no/such/dir does not exist"), err.toString());
    }

    @Test
    void freezeOptionsAreCheckedBeforeCapture() {
        assertEquals(2, run("-p", NO_SUCH_PID, "--freeze", "--no-freeze"));
        assertEquals(2, run("-p", NO_SUCH_PID, "--max-pause", "5"));
        assertEquals(2, run("-p", NO_SUCH_PID, "--max-pause", "0ms"));
        assertEquals(2, run("-p", NO_SUCH_PID, "--spill", "/no/such/dir"));
        assertEquals(3, run("-p", NO_SUCH_PID, "--max-pause", "1.5s"), "valid options reach the capture");
    }

    @Test
    void pausesParseInMillisecondsOrSeconds() {
        PauseConverter c = new PauseConverter();
        assertEquals(Duration.ofMillis(500), c.convert("500ms"));
        assertEquals(Duration.ofMillis(1500), c.convert("1.5s"));
        assertEquals(Duration.ofSeconds(2), c.convert("2S"));
    }

    @Test
    void traceProbesAndBurstsAreCheckedBeforeTracing() {
        assertEquals(2, run("trace", "-p", NO_SUCH_PID, "--probes", "malloc,bogus"));
        assertTrue(err.toString().contains("--probes bogus,malloc: choose among malloc, calloc"), err.toString());
        assertEquals(2, run("trace", "-p", NO_SUCH_PID, "--probes", "free"));
        assertTrue(err.toString().contains("at least one allocator or pools"), err.toString());
        assertEquals(2, run("trace", "-p", NO_SUCH_PID, "--budget", "0"));
        assertTrue(err.toString().contains("--budget in (0, 100]"), err.toString());
        assertEquals(2, run("trace", "-p", NO_SUCH_PID, "--burst", "5ms"));
        assertTrue(err.toString().contains("--burst at least 10ms"), err.toString());
    }
}
