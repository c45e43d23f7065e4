// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.snapshot.MemsnapException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;

/** Entry point. {@link #run} is what tests call; {@link #main} is the only place that exits the JVM. */
public final class Main {
    private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs memsnap with {@code args}, writing the report to {@code out} and messages to {@code err}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine cl = commandLine(out, err, debug);
        return cl.execute(withDefaultSubcommand(cl, args));
    }

    /** The configured picocli command tree (also used to generate completion and docs). */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean debug) {
        CommandLine cl = new CommandLine(new MemsnapCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> handle(ex, err, debug));
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

    private static int handle(Exception ex, PrintWriter err, boolean debug) {
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

    private static java.util.Map<String, String> exitCodeList() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            m.put(String.format(java.util.Locale.ROOT, "%4d", c.code()), c.meaning());
        }
        return m;
    }
}
