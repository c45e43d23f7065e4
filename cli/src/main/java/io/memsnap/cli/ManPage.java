// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes memsnap(1) in troff {@code man} macros from the picocli model, so the man page lists exactly the commands,
 * options and exit codes that {@code --help} does. Stateless.
 */
final class ManPage {
    private ManPage() {}

    /** Writes the page for the command tree {@code root}, dated {@code date} (e.g. the build date). */
    static void write(CommandLine root, String date, PrintWriter out) {
        CommandSpec top = root.getCommandSpec();
        out.println(".TH MEMSNAP 1 \"" + text(date) + "\" \"memsnap " + text(VersionProvider.version())
                + "\" \"User Commands\"");
        out.println(".SH NAME");
        String first = top.usageMessage().description()[0];
        out.println("memsnap \\- " + text(first.substring(0, first.indexOf(':'))));
        out.println(".SH SYNOPSIS");
        for (String line : top.usageMessage().customSynopsis()) {
            out.println(".nf");
            out.println(text(line.strip()));
            out.println(".fi");
        }
        out.println(".SH DESCRIPTION");
        paragraphs(top.usageMessage().description(), out);
        out.println(".SH OPTIONS");
        options(top, out);
        out.println(".SH COMMANDS");
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            out.println(".SS memsnap " + text(e.getKey()));
            paragraphs(sub.usageMessage().description(), out);
            for (PositionalParamSpec p : sub.positionalParameters()) {
                item(p.paramLabel(), p.description(), out);
            }
            options(sub, out);
        }
        out.println(".SH EXIT STATUS");
        for (ExitCode c : ExitCode.values()) {
            item(Integer.toString(c.code()), new String[] {c.meaning()}, out);
        }
        out.println(".SH SEE ALSO");
        out.println("gcore(1), proc(5); docs/exit-codes.md, docs/snapshot-format.md and docs/architecture.md in the "
                + "memsnap source.");
    }

    private static void options(CommandSpec spec, PrintWriter out) {
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            String names = String.join(", ", List.of(o.names()));
            String label = o.typeInfo().isBoolean() || o.usageHelp() || o.versionHelp() ? "" : " " + o.paramLabel();
            item(names + label, o.description(), out);
        }
    }

    private static void item(String term, String[] description, PrintWriter out) {
        out.println(".TP");
        out.println("\\fB" + text(term) + "\\fR");
        out.println(text(String.join(" ", description)));
    }

    private static void paragraphs(String[] lines, PrintWriter out) {
        for (String line : lines) {
            if (line.isBlank()) {
                out.println(".PP");
            } else if (line.startsWith("  ")) {
                out.println(".nf");
                out.println(text(line));
                out.println(".fi");
            } else {
                out.println(text(line));
            }
        }
    }

    /** troff-safe text: backslashes escaped, hyphens as minus signs, no line starting with a control character. */
    static String text(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }
}
