// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.target.ProcessDiscovery;
import io.memsnap.snapshot.target.Target;
import io.memsnap.snapshot.walk.LayerResult;
import io.memsnap.snapshot.walk.LayerWalker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** A real nginx master with two workers and the lua module, in a private prefix on a free port. */
@EnabledOnOs(OS.LINUX)
class NginxCaptureIT {
    @TempDir
    Path prefix;

    private static final String CONF = """
            load_module /usr/lib/nginx/modules/ndk_http_module.so;
            load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;
            worker_processes 2;
            error_log %1$s/logs/error.log;
            pid %1$s/logs/nginx.pid;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path %1$s/tmp/body;
                proxy_temp_path %1$s/tmp/proxy;
                fastcgi_temp_path %1$s/tmp/fastcgi;
                uwsgi_temp_path %1$s/tmp/uwsgi;
                scgi_temp_path %1$s/tmp/scgi;
                lua_shared_dict memsnap_test 2m;
                server {
                    listen %2$s;
                    location / { content_by_lua_block { ngx.say("ok") } }
                }
            }
            """;

    /** A running nginx; close stops the master gracefully, then kills whatever is left. */
    private final class Nginx implements AutoCloseable {
        final Target master;
        final List<Integer> workers;

        Nginx() throws Exception {
            Files.createDirectories(prefix.resolve("logs"));
            Files.createDirectories(prefix.resolve("tmp"));
            // a unix socket in the test's own prefix: no free port to pick and then lose before nginx binds it
            String listen = "unix:" + prefix.resolve("nginx.sock");
            Path conf = prefix.resolve("nginx.conf");
            Files.writeString(conf, String.format(Locale.ROOT, CONF, prefix, listen), StandardCharsets.UTF_8);
            master = Target.startScript("nginx -p \"$1\" -c \"$2\" -g 'daemon off; master_process on;' </dev/null &"
                    + " echo READY $!; wait", List.of(prefix.toString(), conf.toString()));
            workers = new ArrayList<>();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (workers.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                workers.clear();
                ProcessDiscovery.discover(master.pid(), true).stream().skip(1)
                        .forEach(d -> workers.add(d.pid()));
            }
            if (workers.size() != 2) {
                close();
                throw new IOException("nginx did not start 2 workers: " + workers + ", log: "
                        + Files.readString(prefix.resolve("logs/error.log"), StandardCharsets.UTF_8));
            }
            for (int pid : workers) {
                awaitSettled(pid);
            }
        }

        /**
         * Waits until a new worker has finished starting: its Rss unchanged over ten reads of statm 20 ms apart. A
         * worker still initialising (Lua VM, shared dict) changes its Rss between a frozen copy and the test's own
         * smaps_rollup read afterwards, and the exact RSS oracle would then compare two different moments.
         */
        private void awaitSettled(int pid) throws Exception {
            long deadline = System.nanoTime() + 10_000_000_000L;
            String last = "";
            int same = 0;
            while (same < 10 && System.nanoTime() < deadline) {
                String rss = Files.readString(Path.of("/proc/" + pid + "/statm"), StandardCharsets.US_ASCII)
                        .split(" ")[1];
                same = rss.equals(last) ? same + 1 : 0;
                last = rss;
                Thread.sleep(20);
            }
            if (same < 10) {
                throw new IOException("nginx worker " + pid + " did not settle within 10 s (Rss pages " + last + ")");
            }
        }

        @Override
        public void close() throws Exception {
            try {
                Target.signal(master.pid(), "TERM");
                Target.awaitState(master.pid(), s -> s == 'X' || s == 'Z', 10);
            } finally {
                for (int w : workers) {
                    ProcessHandle.of(w).ifPresent(ProcessHandle::destroyForcibly);
                }
                master.close();
            }
        }
    }

    @Test
    void masterPidYieldsMasterAndItsWorkers() throws Exception {
        try (Nginx nginx = new Nginx()) {
            Map<Integer, Long> before = new HashMap<>();
            before.put(nginx.master.pid(), CapturerIT.rollupRss(nginx.master.pid()));
            nginx.workers.forEach(w -> before.put(w, CapturerIT.rollupRss(w)));
            Snapshot s = CapturerIT.capturer().captureLive(nginx.master.pid(), CaptureOptions.defaults());
            assertEquals(List.of(Role.MASTER, Role.WORKER, Role.WORKER),
                    s.processes().stream().map(ProcessSnapshot::role).toList());
            List<Integer> pids = s.processes().stream().map(ProcessSnapshot::pid).toList();
            assertEquals(nginx.master.pid(), pids.get(0));
            assertEquals(nginx.workers.stream().sorted().toList(), pids.subList(1, 3));
            for (ProcessSnapshot p : s.processes()) {
                CapturerIT.assertSumsToRss(p);
                CapturerIT.assertRssBetweenKernelReads(p, before.get(p.pid()));
                assertEquals("nginx", p.name());
                assertTrue(p.freezePauseMillis().isPresent());
                assertTrue(p.warnings().isEmpty(), p.warnings().toString());
                System.out.printf(Locale.ROOT, "nginx %s pid %d: rss %d, pause %d ms%n", p.role().key(), p.pid(),
                        p.rssBytes(), p.freezePauseMillis().get());
            }
            assertEquals(nginx.master.pid(), s.processes().get(1).ppid());
            assertTrue(s.processes().get(0).cmdline().startsWith("nginx: master process"));
        }
    }

    @Test
    void workerPidYieldsJustThatWorker() throws Exception {
        try (Nginx nginx = new Nginx()) {
            int worker = nginx.workers.get(1);
            long before = CapturerIT.rollupRss(worker);
            Snapshot s = CapturerIT.capturer().captureLive(worker, CaptureOptions.defaults());
            assertEquals(1, s.processes().size());
            ProcessSnapshot p = s.processes().get(0);
            assertEquals(worker, p.pid());
            assertEquals(Role.WORKER, p.role());
            assertEquals("nginx: worker process", p.cmdline());
            CapturerIT.assertSumsToRss(p);
            CapturerIT.assertRssBetweenKernelReads(p, before);
        }
    }

    @Test
    void aWorkerThatExitsDuringCaptureIsLeftOutWithAWarning() throws Exception {
        try (Nginx nginx = new Nginx()) {
            int victim = nginx.workers.stream().sorted().toList().get(1);
            LayerWalker killer = LayerWalker.of("killer", (image, context) -> {
                if (image.pid() == victim) {
                    Target.kill(victim);
                }
                return LayerResult.none();
            });
            // without freezing: with the default frozen copy, a worker that exits while its copy is walked is
            // still reported as it was when stopped (CapturerIT.aTargetThatExitsAfterItsCopyIs...)
            Snapshot s = CapturerIT.capturer(killer).captureLive(nginx.master.pid(),
                    CaptureOptions.defaults().withoutFreeze());
            assertEquals(List.of(Role.MASTER, Role.WORKER), s.processes().stream().map(ProcessSnapshot::role).toList());
            assertEquals(List.of("worker pid " + victim + " exited during capture and is not included"),
                    s.processes().get(0).warnings());
        }
    }
}
