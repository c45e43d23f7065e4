// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.snapshot.MemsnapException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Entry point. {@link #run} is what tests call; {@link #main} is the only place that exits the JVM. */
public final class Main {
    private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(System.in, out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs memsnap with {@code args}, writing the report to {@code out} and messages to {@code err}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(InputStream.nullInputStream(), out, err, args);
    }

    /** As {@link #run(PrintWriter, PrintWriter, String...)}, with {@code in} as what {@code -} reads. */
    public static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cl = commandLine(in, out, err, debug);
        return cl.execute(withDefaultSubcommand(cl, args));
    }

    /** The configured picocli command tree (also used to generate the man page and completion). */
    static CommandLine commandLine(InputStream in, PrintWriter out, PrintWriter err, boolean debug) {
        CommandLine cl = new CommandLine(new MemsnapCommand(in));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, err, debug));
        cl.setParameterExceptionHandler(Main::usageError);
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes (docs/exit-codes.md):%n");
        cl.getCommandSpec().usageMessage().exitCodeList(exitCodeList());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** {@code memsnap -p PID} means {@code memsnap report -p PID}: report is the default verb. */
    static String[] withDefaultSubcommand(CommandLine cl, String[] args) {
        if (args.length == 0 || TOP_LEVEL_OPTIONS.contains(args[0]) || cl.getSubcommands().containsKey(args[0])) {
            return args;
        }
        List<String> all = new ArrayList<>();
        all.add("report");
        all.addAll(Arrays.asList(args));
        return all.toArray(new String[0]);
    }

    /** A usage error: the reason in one line and where to read more, not the whole help (picocli's default). */
    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("memsnap: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try 'memsnap " + (cl.getParent() == null ? "" : cl.getCommandName() + " ") + "--help' for the "
                + "options.");
        return ExitCode.USAGE.code();
    }

    private static int handle(Exception ex, PrintWriter err, boolean debug) {
        if (ex instanceof UsageError ue) {
            err.println("memsnap: " + ue.getMessage());
            return ExitCode.USAGE.code();
        }
        if (ex instanceof MemsnapException me) {
            err.println("memsnap: " + me.getMessage());
            if (debug) {
                me.printStackTrace(err);
            }
            return ExitCode.of(me).code();
        }
        if (ex instanceof InterruptedException) {
            err.println("memsnap: interrupted");
            return ExitCode.INTERRUPTED.code();
        }
        err.println("memsnap: internal error, please report: " + ex);
        ex.printStackTrace(err);
        return ExitCode.INTERNAL.code();
    }

    private static Map<String, String> exitCodeList() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            m.put(String.format(Locale.ROOT, "%4d", c.code()), c.meaning());
        }
        return m;
    }
}
