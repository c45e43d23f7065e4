// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertEquals(2, run());
        assertTrue(err.toString().contains("Usage: memsnap"), err.toString());
    }

    @Test
    void helpListsEveryExitCode() {
        assertEquals(0, run("--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        for (ExitCode c : ExitCode.values()) {
            assertTrue(help.contains(c.meaning()), "missing " + c + " in\n" + out);
        }
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertEquals(2, run("report", "--no-such-option"));
        assertTrue(err.toString().contains("Unknown option"), err.toString());
    }

    @Test
    void reportIsTheDefaultVerb() {
        var cl = Main.commandLine(new PrintWriter(out), new PrintWriter(err), false);
        assertArrayEquals(new String[] {"report", "-p", "1"}, Main.withDefaultSubcommand(cl, new String[] {"-p", "1"}));
        assertArrayEquals(new String[] {"snapshot", "-p", "1"},
                Main.withDefaultSubcommand(cl, new String[] {"snapshot", "-p", "1"}));
        assertArrayEquals(new String[] {"--help"}, Main.withDefaultSubcommand(cl, new String[] {"--help"}));
    }
}
