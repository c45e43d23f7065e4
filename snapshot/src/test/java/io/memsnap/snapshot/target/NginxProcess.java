// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A single-process nginx (master_process off) on a free port under a private prefix; close() kills it. */
public final class NginxProcess implements AutoCloseable {
    private final Process process;
    private final Path prefix;

    private NginxProcess(Process process, Path prefix) {
        this.process = process;
        this.prefix = prefix;
    }

    /** Starts /usr/sbin/nginx under a fresh temp prefix and waits until it accepts connections. */
    public static NginxProcess start() throws IOException, InterruptedException {
        Path prefix = Files.createTempDirectory("memsnap-nginx");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String p = prefix.toString();
        String conf = "daemon off; master_process off; pid " + p + "/nginx.pid; error_log " + p + "/error.log;\n"
                + "events { worker_connections 64; }\n"
                + "http { access_log off; client_body_temp_path " + p + "/body; proxy_temp_path " + p + "/proxy;\n"
                + "  fastcgi_temp_path " + p + "/fcgi; uwsgi_temp_path " + p + "/uwsgi; scgi_temp_path " + p
                + "/scgi;\n"
                + "  server { listen 127.0.0.1:" + port + "; location / { return 200 ok; } } }\n";
        Files.writeString(prefix.resolve("nginx.conf"), conf, StandardCharsets.UTF_8);
        Process proc = new ProcessBuilder("/usr/sbin/nginx", "-p", p + "/", "-c", p + "/nginx.conf", "-e",
                p + "/error.log").redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile())
                .start();
        NginxProcess n = new NginxProcess(proc, prefix);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return n;
            } catch (IOException e) {
                if (!proc.isAlive() || System.nanoTime() > deadline) {
                    n.close();
                    throw new IOException("nginx did not start: " + Files.readString(prefix.resolve("error.log")), e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** The nginx process id. */
    public int pid() {
        return (int) process.pid();
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(prefix)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
