// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code memsnap} command; {@code report} is the default verb. */
@Command(
        name = "memsnap",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        customSynopsis = {
            "memsnap [report] (-p PID | FILE | -) [--freeze] [-o FILE] [options]",
            "       memsnap COMMAND [options]      (memsnap help COMMAND for its options)",
            "       memsnap [-hV]"
        },
        description = {
            "Memory forensics for nginx / OpenResty / LuaJIT processes: what fills RSS, layer by layer "
                    + "(glibc malloc, LuaJIT allocator and GC heap), read-only from a live process, a snapshot "
                    + "file or a core file.",
            "",
            "  memsnap -p PID               report on a live process (a master: all workers)",
            "  memsnap -p PID -o r.html     HTML; the format follows .html .json .json.gz .txt",
            "  memsnap snapshot -p PID -o s.json.gz   save a snapshot for later",
            "  memsnap report s.json.gz     report on a saved snapshot or a gcore core file",
            "  zcat s.json.gz | memsnap -   - reads stdin (and -o - writes stdout)",
            "  memsnap trace -p PID --duration 60s -o leaks.html   which code paths leak (root)",
            "  memsnap diff a.json.gz b.json.gz   what grew between two snapshots (or -p PID --interval 10m)",
            "  memsnap watch -p PID --interval 30s --duration 2h -o DIR   a series; then 'memsnap report DIR'",
            "  memsnap demo                 run the bundled nginx + Lua fixture, report on it",
            ""
        },
        subcommands = {
            ReportCommand.class,
            SnapshotCommand.class,
            TraceCommand.class,
            DemoCommand.class,
            DiffCommand.class,
            WatchCommand.class,
            HelpCommand.class,
            picocli.AutoComplete.GenerateCompletion.class
        })
final class MemsnapCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final InputStream stdin;

    MemsnapCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    /** What {@code -} reads. */
    InputStream stdin() {
        return stdin;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE.code();
    }
}
