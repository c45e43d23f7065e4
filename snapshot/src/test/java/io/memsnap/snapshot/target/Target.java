// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.ProcStat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A fixture process started through {@code sh} so that it is a grandchild, not a child, of the test JVM: the JDK's
 * process reaper waits on its children and would steal ptrace stop notifications from a freezer in this JVM. The
 * shell passes stdin on explicitly (an asynchronous command would otherwise get /dev/null). Closing kills the
 * fixture by pid and then the shell.
 */
public final class Target implements AutoCloseable {
    private final FixtureProcess shell;
    private final int pid;

    private Target(FixtureProcess shell, int pid) {
        this.shell = shell;
        this.pid = pid;
    }

    /** Starts {@code command} detached and waits for its {@code READY <pid>} line. */
    public static Target start(List<String> command) throws IOException {
        return startScript("exec 3<&0; \"$@\" <&3 & wait", command);
    }

    /**
     * Runs {@code sh -c script sh args...}; the script must start the target in the background and make a
     * {@code READY <pid>} line appear on stdout (the target's own, or {@code echo READY $!}), then {@code wait}.
     */
    public static Target startScript(String script, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        cmd.addAll(args);
        FixtureProcess fp = FixtureProcess.start(cmd);
        String ready = fp.seen().get(fp.seen().size() - 1);
        return new Target(fp, Integer.parseInt(ready.substring("READY ".length()).trim()));
    }

    /** The fixture's pid (not the shell's). */
    public int pid() {
        return pid;
    }

    /** The underlying launcher (lines seen, send). */
    public FixtureProcess io() {
        return shell;
    }

    /** The state letter of {@code pid} from {@code /proc/PID/stat}, {@code 'X'} if gone. */
    public static char state(int pid) {
        try {
            return ProcStat.parse(ProcFs.readText(pid, "stat")).state();
        } catch (RuntimeException e) {
            return 'X';
        }
    }

    /** Waits up to {@code seconds} until {@code pid}'s state satisfies {@code ok}; returns the last state seen. */
    public static char awaitState(int pid, Predicate<Character> ok, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        char s = state(pid);
        while (!ok.test(s) && System.nanoTime() < deadline) {
            Thread.sleep(10);
            s = state(pid);
        }
        return s;
    }

    /** SIGKILLs {@code pid} (not necessarily a child) and waits up to 10 s until it is gone or a zombie. */
    public static void kill(int pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        try {
            awaitState(pid, s -> s == 'X' || s == 'Z', 10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends a signal with kill(1) (the test JVM has no API for SIGSTOP/SIGCONT). */
    public static void signal(int pid, String signal) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + signal, Integer.toString(pid)).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("kill -" + signal + " " + pid + " failed");
        }
    }

    @Override
    public void close() {
        kill(pid);
        shell.close();
    }
}
