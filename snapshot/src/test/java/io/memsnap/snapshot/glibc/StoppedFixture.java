// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.fixtures.MallocInfo;
import io.memsnap.fixtures.ProcStates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A glibc fixture that wrote its own malloc_info() and stopped itself: waits for READY and state T, and on close
 * sends SIGCONT and "quit" before killing it, so the target is never left stopped.
 */
final class StoppedFixture implements AutoCloseable {
    final FixtureProcess process;
    final Path oracle;

    private StoppedFixture(FixtureProcess process, Path oracle) {
        this.process = process;
        this.oracle = oracle;
    }

    static StoppedFixture start(String name, String... args) throws IOException, InterruptedException {
        return start(Fixtures.compileC(name, "-pthread"), name, args);
    }

    /** Starts an already built fixture {@code bin}. */
    static StoppedFixture start(Path bin, String name, String... args) throws IOException, InterruptedException {
        Path oracle = Files.createTempFile("memsnap-" + name, ".xml");
        List<String> cmd = new ArrayList<>(List.of(bin.toString(), oracle.toString()));
        cmd.addAll(List.of(args));
        FixtureProcess p = FixtureProcess.start(cmd);
        StoppedFixture f = new StoppedFixture(p, oracle);
        f.awaitStopped();
        return f;
    }

    int pid() {
        return process.pid();
    }

    MallocInfo mallocInfo() throws IOException {
        return MallocInfo.parse(Files.readString(oracle, StandardCharsets.UTF_8));
    }

    private void awaitStopped() throws IOException, InterruptedException {
        ProcStates.awaitStopped(pid(), Duration.ofSeconds(60));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            new ProcessBuilder("kill", "-CONT", Integer.toString(pid())).start().waitFor();
            process.send("quit");
        } catch (IOException e) {
            // already gone; close() below kills whatever is left
        } finally {
            process.close();
            Files.deleteIfExists(oracle);
        }
    }
}
