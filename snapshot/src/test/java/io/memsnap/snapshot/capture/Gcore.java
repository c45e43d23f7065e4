// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Writes a core of a running process with gdb's gcore (installed with gdb on the dev and CI machines). */
final class Gcore {
    private Gcore() {}

    static Path dump(int pid, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("gcore", "-o", dir.resolve("core").toString(), Integer.toString(pid))
                .redirectErrorStream(true).start();
        byte[] log = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("gcore failed: " + new String(log, StandardCharsets.UTF_8));
        }
        Path core = dir.resolve("core." + pid);
        if (!Files.isRegularFile(core)) {
            throw new IOException("gcore wrote no " + core + ": " + new String(log, StandardCharsets.UTF_8));
        }
        return core;
    }
}
