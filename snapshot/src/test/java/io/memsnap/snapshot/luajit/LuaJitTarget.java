// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.fixtures.ProcStates;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A standalone luajit running {@code fixtures/lua/heap_workload.lua}, with the "measure, then stop yourself"
 * oracle: the script stores {@code collectgarbage("count")}, sends itself SIGSTOP, the test captures while it is
 * stopped, resumes it, and only then the script prints what it measured.
 */
final class LuaJitTarget implements AutoCloseable {
    private final FixtureProcess process;

    /** What the script reported for one measurement, and what the walker saw while it was stopped. */
    record Measurement<T>(long gcTotalBytes, Map<String, Long> created, T captured) {}

    private LuaJitTarget(FixtureProcess process) {
        this.process = process;
    }

    /** Starts {@code interpreter} on the workload script. */
    private int forkedPid;

    static LuaJitTarget start(Path interpreter, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(interpreter.toString(),
                Fixtures.dir().resolve("lua").resolve("heap_workload.lua").toString()));
        cmd.addAll(List.of(args));
        return new LuaJitTarget(FixtureProcess.start(cmd));
    }

    int pid() {
        return forkedPid != 0 ? forkedPid : process.pid();
    }

    /** Forks the script; from now on commands and captures go to the child. */
    int fork() throws IOException {
        process.send("fork");
        forkedPid = Integer.parseInt(process.awaitLine("FORKED", 60).split(" ")[1]);
        return forkedPid;
    }

    /** Sends a command and waits for its {@code DONE} line. */
    void run(String command) throws IOException {
        process.send(command);
        process.awaitLine("DONE", 300);
    }

    /** Measures: waits until the script has stopped itself, captures, resumes it, reads its oracle line. */
    <T> Measurement<T> measure(Function<LiveProcessImage, T> capture) throws IOException, InterruptedException {
        process.send("measure");
        awaitStopped();
        T captured;
        try (LiveProcessImage image = LiveProcessImage.open(pid())) {
            captured = capture.apply(image);
        } finally {
            new ProcessBuilder("kill", "-CONT", Integer.toString(pid())).start().waitFor();
        }
        String[] f = process.awaitLine("MEASURED", 60).split(" ");
        Map<String, Long> created = new HashMap<>();
        for (int i = 2; i < f.length; i++) {
            String[] kv = f[i].split("=");
            created.put(kv[0], Long.parseLong(kv[1]));
        }
        double kb = Double.parseDouble(f[1]);
        return new Measurement<>((long) (kb * 1024), created, captured);
    }

    private void awaitStopped() throws IOException, InterruptedException {
        ProcStates.awaitStopped(pid(), Duration.ofSeconds(120));
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("kill", "-CONT", Integer.toString(pid())).start().waitFor();
            if (forkedPid != 0) {
                new ProcessBuilder("kill", "-KILL", Integer.toString(forkedPid)).start().waitFor();
            }
        } catch (IOException e) {
            // the process is gone already; close() kills whatever is left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.close();
    }
}
