// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A headless Debian {@code chromium} with remote debugging on a free port of 127.0.0.1, its own profile directory,
 * and background networking off. Closing kills it and its children.
 */
final class Chromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private final Process process;
    private final URI browserSocket;

    private Chromium(Process process, URI browserSocket) {
        this.process = process;
        this.browserSocket = browserSocket;
    }

    /** Starts chromium; fails (never skips) with the install command when it is missing. */
    static Chromium start(Path profile, Path log) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install it with 'apt-get install -y chromium'"
                    + " (fixtures/bin/install-packages does)");
        }
        Process p = new ProcessBuilder(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Chromium c = null;
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(portFile) || Files.readAllLines(portFile, StandardCharsets.UTF_8).size() < 2) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("chromium did not open its DevTools port; log: "
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                Thread.sleep(50);
            }
            List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
            c = new Chromium(p, URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim()));
            return c;
        } finally {
            if (c == null) {
                kill(p);
            }
        }
    }

    /** The browser-level DevTools WebSocket. */
    URI browserSocket() {
        return browserSocket;
    }

    @Override
    public void close() {
        kill(process);
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
