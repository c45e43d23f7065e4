// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** memsnap(1) is generated from the picocli model: every command, option and exit code, valid for groff. */
class ManPageTest {
    private static final CommandLine ROOT = Main.commandLine(InputStream.nullInputStream(),
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false);

    private static String page() {
        StringWriter w = new StringWriter();
        ManPage.write(ROOT, "2026-01-02", new PrintWriter(w, true));
        return w.toString();
    }

    @Test
    void listsEveryCommandOptionAndExitCode() {
        String page = page();
        assertTrue(page.startsWith(".TH MEMSNAP 1 \"2026\\-01\\-02\" \"memsnap "), page);
        for (var sub : ROOT.getSubcommands().entrySet()) {
            assertTrue(page.contains(".SS memsnap " + ManPage.text(sub.getKey()) + "\n"), sub.getKey());
            for (OptionSpec o : sub.getValue().getCommandSpec().options()) {
                assertTrue(page.contains("\\fB" + ManPage.text(String.join(", ", o.names()))), o.longestName());
            }
        }
        for (ExitCode c : ExitCode.values()) {
            assertTrue(page.contains(".TP\n\\fB" + c.code() + "\\fR\n" + ManPage.text(c.meaning()) + "\n"), c.name());
        }
    }

    @Test
    void controlCharactersInTextAreEscaped() {
        assertEquals("\\&.start", ManPage.text(".start"));
        assertEquals("\\&'quote", ManPage.text("'quote"));
        assertEquals("a\\ee \\-\\-x", ManPage.text("a\\e --x"));
    }

    @Test
    void groffFormatsItWithoutWarnings() throws Exception {
        Process groff = new ProcessBuilder("groff", "-man", "-ww", "-z", "-Tutf8").start();
        groff.getOutputStream().write(page().getBytes(StandardCharsets.UTF_8));
        groff.getOutputStream().close();
        String warnings = new String(groff.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(groff.waitFor(30, TimeUnit.SECONDS));
        assertEquals("", warnings);
        assertEquals(0, groff.exitValue());
    }
}
