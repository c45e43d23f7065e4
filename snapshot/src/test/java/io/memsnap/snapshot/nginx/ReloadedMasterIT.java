// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.ProcStates;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.nginx.Evidence;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master reloaded (HUP) 20 times, its config growing by 500 {@code map} entries each time (as a generated
 * dynamic-upstream config would): the master's cycle pool, which holds the parsed configuration, is found through
 * {@code ngx_cycle}, it is the current cycle's (a new one after every reload, the old ones destroyed), and its size
 * grows with the configuration.
 */
@EnabledOnOs(OS.LINUX)
class ReloadedMasterIT {
    private static final int RELOADS = 20;

    @TempDir
    Path prefix;

    @Test
    void cyclePoolOfAReloadedMasterGrowsWithItsConfiguration() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(prefix.resolve("tmp"));
        Files.writeString(prefix.resolve("nginx.conf"), String.format(Locale.ROOT, """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log notice;
                events { worker_connections 16; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    map_hash_max_size 262144;
                    include %1$s/map.conf;
                    server { listen 127.0.0.1:%2$d; location / { return 200 $m; } }
                }
                """, prefix, port), StandardCharsets.UTF_8);
        writeMap(1000);
        Process nginx = new ProcessBuilder("/usr/sbin/nginx", "-p", prefix + "/", "-c", prefix + "/nginx.conf")
                .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
        int master = (int) nginx.pid();
        try {
            awaitLog("start worker process", 1);
            NginxSection before = capture(master);
            PoolOwner first = cycle(before);
            for (int i = 1; i <= RELOADS; i++) {
                writeMap(1000 + 500 * i);
                ProcStates.signal(master, "HUP");
                awaitLog("reconfiguring", i);
            }
            Thread.sleep(500); // the reload's new workers start after "reconfiguring"
            NginxSection after = capture(master);
            PoolOwner last = cycle(after);
            assertNotEquals(before.cycleAddress(), after.cycleAddress(), "a reload makes a new cycle");
            assertEquals(1, last.pools(), "old cycles' pools are destroyed by the master");
            assertEquals(Evidence.REACHABILITY, last.evidence());
            assertTrue(last.bytes() > first.bytes() + 11L * 20 * 500, first.bytes() + " -> " + last.bytes());
            assertTrue(last.blocks() > first.blocks(), first.blocks() + " -> " + last.blocks());
            System.out.printf(Locale.ROOT, "master cycle pool: %d blocks / %d bytes -> after %d reloads %d blocks / %d"
                    + " bytes%n", first.blocks(), first.bytes(), RELOADS, last.blocks(), last.bytes());
        } finally {
            nginx.destroy();
            if (!nginx.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                nginx.destroyForcibly().waitFor();
            }
            ProcStates.children(master).forEach(c -> ProcessHandle.of(c).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private void writeMap(int entries) throws IOException {
        StringBuilder b = new StringBuilder("map $uri $m {\n    default 0;\n");
        for (int i = 0; i < entries; i++) {
            b.append("    /upstream/").append(i).append(' ').append(i).append(";\n");
        }
        Files.writeString(prefix.resolve("map.tmp"), b.append("}\n"), StandardCharsets.UTF_8);
        Files.move(prefix.resolve("map.tmp"), prefix.resolve("map.conf"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private void awaitLog(String what, int times) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Path log = prefix.resolve("error.log");
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (text.split(what, -1).length - 1 >= times) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + times + " x '" + what + "' in the error log");
    }

    private static NginxSection capture(int master) {
        Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(false), "test");
        ProcessSnapshot p = capturer.captureLive(master, new CaptureOptions(true, false, Duration.ofSeconds(5)))
                .processes().get(0);
        return p.nginx().orElseThrow(() -> new AssertionError(p.warnings().toString()));
    }

    private static PoolOwner cycle(NginxSection s) {
        return s.owners().stream().filter(o -> o.owner().equals("nginx: cycle")).findFirst()
                .orElseThrow(() -> new AssertionError(s.owners().toString()));
    }
}
