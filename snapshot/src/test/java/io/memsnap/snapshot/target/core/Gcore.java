// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Writes a core of a running process with gdb's gcore (installed with gdb on the dev and CI machines). */
public final class Gcore {
    private Gcore() {}

    /**
     * Dumps {@code pid} into {@code dir/core.PID}. Sets the target's coredump_filter to the kernel default 0x33 first:
     * gdb honours it, and processes started from a JVM inherit the JVM's 0x3f, which would make gcore dump every
     * file mapping and hide the "served from the backing file" path.
     */
    public static Path dump(int pid, Path dir) throws IOException, InterruptedException {
        Files.writeString(Path.of("/proc", Integer.toString(pid), "coredump_filter"), "0x33",
                StandardCharsets.US_ASCII);
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
