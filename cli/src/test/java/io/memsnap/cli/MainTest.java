// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void noArgumentsIsAUsageErrorWhoseUsageLineShowsThePid() {
        assertEquals(2, run());
        assertTrue(err.toString().startsWith("Usage: memsnap [report] (-p PID | FILE | -)"), err.toString());
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
    void helpIsACommand() {
        assertEquals(0, run("help"));
        assertTrue(out.toString().startsWith("Usage: memsnap [report] (-p PID"), out.toString());
        assertEquals("", err.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("help", "snapshot"));
        assertTrue(out.toString().startsWith("Usage: memsnap snapshot"), out.toString());
    }

    @Test
    void exitCodesDocumentIsTheHelpList() throws IOException {
        String doc = Files.readString(Fixtures.repoRoot().resolve("docs/exit-codes.md"));
        Matcher m = Pattern.compile("(?m)^\\| *(\\d+) *\\| *([^|]+?) *\\|").matcher(doc);
        List<String> documented = new ArrayList<>();
        while (m.find()) {
            documented.add(m.group(1) + " " + m.group(2));
        }
        List<String> inHelp = new ArrayList<>();
        for (ExitCode c : ExitCode.values()) {
            inHelp.add(c.code() + " " + c.meaning());
        }
        assertEquals(inHelp, documented);
    }

    @Test
    void unknownOptionIsAUsageErrorWithSuggestionsAndNoHelpDump() {
        assertEquals(2, run("report", "--no-such-option"));
        assertEquals("memsnap: Unknown option: '--no-such-option'\nPossible solutions: --no-freeze, --no-workers\n"
                + "Try 'memsnap report --help' for the options.\n", err.toString());
    }

    @Test
    void aPidBelowOneIsAUsageError() {
        for (String pid : List.of("0", "-5")) {
            err.getBuffer().setLength(0);
            assertEquals(2, run("-p", pid));
            assertEquals("memsnap: -p " + pid + " is not a process id (a pid is 1 or more)\n"
                    + "Try 'memsnap report --help' for the options.\n", err.toString());
        }
    }

    @Test
    void versionNamesTheCommitAndBuildDate() {
        assertEquals(0, run("--version"));
        String[] lines = out.toString().split("\n");
        assertEquals(3, lines.length, out.toString());
        assertTrue(lines[0].matches("memsnap \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), lines[0]);
        assertTrue(lines[1].matches("commit [0-9a-f]{12}(-dirty)?"), lines[1]);
        assertTrue(lines[2].matches("built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), lines[2]);
    }

    @Test
    void reportIsTheDefaultVerb() {
        var cl = Main.commandLine(InputStream.nullInputStream(), new PrintWriter(out), new PrintWriter(err), false);
        assertArrayEquals(new String[] {"report", "-p", "1"}, Main.withDefaultSubcommand(cl, new String[] {"-p", "1"}));
        assertArrayEquals(new String[] {"snapshot", "-p", "1"},
                Main.withDefaultSubcommand(cl, new String[] {"snapshot", "-p", "1"}));
        assertArrayEquals(new String[] {"--help"}, Main.withDefaultSubcommand(cl, new String[] {"--help"}));
        assertArrayEquals(new String[] {"help"}, Main.withDefaultSubcommand(cl, new String[] {"help"}));
    }
}
