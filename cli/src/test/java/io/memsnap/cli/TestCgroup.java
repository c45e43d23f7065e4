// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A memory cgroup of the test's own, with a limit, removed on close: cgroup v2 ({@code memory.max}, hits counted in
 * {@code memory.events} "max") or v1 ({@code memory.limit_in_bytes}, hits in {@code memory.failcnt}). Needs root.
 */
final class TestCgroup implements AutoCloseable {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private final Path dir;
    private final boolean v2;

    private TestCgroup(Path dir, boolean v2) {
        this.dir = dir;
        this.v2 = v2;
    }

    static TestCgroup create(String name, long limitBytes) throws IOException {
        boolean v2 = Files.exists(ROOT.resolve("cgroup.controllers"));
        Path dir = v2 ? ROOT.resolve(name) : ROOT.resolve("memory").resolve(name);
        Files.createDirectory(dir);
        TestCgroup g = new TestCgroup(dir, v2);
        try {
            g.write(v2 ? "memory.max" : "memory.limit_in_bytes", Long.toString(limitBytes));
        } catch (IOException e) {
            Files.delete(dir);
            throw e;
        }
        return g;
    }

    void add(int pid) throws IOException {
        write("cgroup.procs", Integer.toString(pid));
    }

    /** True once the group has hit its limit at least once. */
    boolean hitLimit() throws IOException {
        if (v2) {
            for (String line : Files.readAllLines(dir.resolve("memory.events"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("max ") && Long.parseLong(line.substring(4).trim()) > 0) {
                    return true;
                }
            }
            return false;
        }
        return Long.parseLong(Files.readString(dir.resolve("memory.failcnt"), StandardCharsets.US_ASCII).trim()) > 0;
    }

    private void write(String file, String value) throws IOException {
        Files.writeString(dir.resolve(file), value, StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        // rmdir succeeds once the last task has left (exited); give an OOM-killed or killed fixture a moment
        for (int i = 0; i < 100; i++) {
            try {
                Files.delete(dir);
                return;
            } catch (IOException e) {
                Thread.sleep(Duration.ofMillis(50).toMillis());
            }
        }
        Files.delete(dir);
    }
}
