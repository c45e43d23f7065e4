// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.fixtures.LuaFixture;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The bash completion the Debian package ships, run in bash: subcommands, options, and nginx/luajit pids for -p. */
@EnabledOnOs(OS.LINUX)
class CompletionIT {
    @TempDir
    Path tmp;

    /** What bash offers for the words typed so far (the last one is the word being completed). */
    private List<String> complete(String... words) throws Exception {
        Path script = tmp.resolve("memsnap.bash");
        if (!Files.exists(script)) {
            var root = Main.commandLine(InputStream.nullInputStream(), new PrintWriter(new StringWriter()),
                    new PrintWriter(new StringWriter()), false);
            Files.writeString(script, PackageFiles.completion(root));
        }
        List<String> cmd = new ArrayList<>(List.of("bash", "-c",
                // compopt only works inside a real completion; the words offered are what is tested here
                "compopt() { :; }; source \"$0\"; COMP_WORDS=(\"$@\"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE=\"$*\"; "
                        + "COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _memsnap_complete; printf '%s\\n' \"${COMPREPLY[@]}\"",
                script.toString()));
        cmd.addAll(List.of(words));
        Process bash = new ProcessBuilder(cmd).directory(tmp.toFile()).start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        assertEquals("", err);
        assertEquals(0, bash.exitValue());
        return out.lines().filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void completesSubcommandsAndOptions() throws Exception {
        assertTrue(complete("memsnap", "").containsAll(List.of("report", "snapshot", "demo", "help")));
        assertEquals(List.of("--freeze"), complete("memsnap", "report", "--fr"));
        assertEquals(List.of("--freeze"), complete("memsnap", "--fr"), "report is the default command");
        assertEquals(List.of("--fail-on"), complete("memsnap", "-p", "1", "--fail"));
        assertEquals(List.of("text", "json", "html", "pprof", "prometheus"), complete("memsnap", "--format", ""));
        assertEquals(List.of("warning", "critical"), complete("memsnap", "report", "--fail-on", ""));
    }

    @Test
    void completesFileNames() throws Exception {
        Files.writeString(tmp.resolve("snap.json.gz"), "");
        assertEquals(List.of("snap.json.gz"), complete("memsnap", "report", "sna"));
        assertEquals(List.of("snap.json.gz"), complete("memsnap", "snapshot", "-p", "1", "-o", "sn"));
    }

    @Test
    void pidOffersLuajitAndNginxProcessesOnly() throws Exception {
        try (LuaFixture lua = LuaFixture.start("pseudo_leak");
                FixtureProcess c = FixtureProcess.start(List.of(Fixtures.compileC("known_allocs").toString()))) {
            for (List<String> offered : List.of(complete("memsnap", "-p", ""), complete("memsnap", "report", "-p", ""),
                    complete("memsnap", "snapshot", "--pid", ""))) {
                assertTrue(offered.contains(Integer.toString(lua.pid())), offered.toString());
                assertFalse(offered.contains(Integer.toString(c.pid())), "a C program is offered: " + offered);
                for (String pid : offered) {
                    Path comm = Path.of("/proc", pid, "comm");
                    // other processes come and go meanwhile; those still here must be nginx or luajit
                    String name = Files.exists(comm) ? Files.readString(comm).trim() : "nginx";
                    assertTrue(name.equals("nginx") || name.startsWith("luajit"), pid + " is " + name);
                }
            }
        }
    }
}
