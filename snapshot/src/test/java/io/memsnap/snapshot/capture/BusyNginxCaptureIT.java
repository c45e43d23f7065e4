// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.NginxFixture;
import io.memsnap.snapshot.model.Plausibility;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A busy nginx worker: a request loop (GET /work of the pseudo_leak workload: each request allocates ~60 MB of
 * short-lived tables and strings, keeps every 64th in place of the last request's and runs a full GC, so the heap
 * changes all the time but stays bounded) runs against it during every capture. Default captures are consistent
 * (nothing torn, breakdown exact, the walked objects within gc.total within the allocator); {@code --no-freeze}
 * captures hold no impossible number and, when torn, say so first. {@value ChurnCaptureIT#CAPTURES} captures per
 * mode. (A leaking workload such as table_leak grew the worker by ~150 MiB between two captures under this loop,
 * past the default 2 s pause bound within three captures.)
 */
@EnabledOnOs(OS.LINUX)
class BusyNginxCaptureIT {
    @Test
    void aWorkerUnderRequestsIsCapturedConsistentlyByDefault() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("pseudo_leak", 1)) {
            int worker = nginx.workerPids().get(0);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong served = new AtomicLong();
            Thread load = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        nginx.get("/work?n=1");
                        served.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "request-loop");
            load.start();
            try {
                Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(false), "test");
                for (int i = 0; i < ChurnCaptureIT.CAPTURES; i++) {
                    long before = served.get();
                    ProcessSnapshot p = capturer.captureLive(worker, CaptureOptions.defaults()).processes().get(0);
                    assertFalse(Plausibility.torn(p), p.warnings().toString());
                    assertEquals(List.of(), Plausibility.violations(p));
                    CapturerIT.assertSumsToRss(p);
                    LuaJitHeap l = p.luajit().orElseThrow();
                    assertFalse(l.objects().isEmpty());
                    assertTrue(l.objectBytes() + l.stringTableBytes() <= l.gcTotalBytes());
                    assertTrue(l.gcTotalBytes() <= l.allocator().usedBytes());
                    System.out.printf(Locale.ROOT, "busy nginx capture %d: pause %d ms, gc.total %d, %d requests"
                            + " during it%n", i, p.freezePauseMillis().orElseThrow(), l.gcTotalBytes(),
                            served.get() - before);
                }
                for (int i = 0; i < ChurnCaptureIT.CAPTURES; i++) {
                    ProcessSnapshot p = capturer.captureLive(worker, CaptureOptions.defaults().withoutFreeze())
                            .processes().get(0);
                    assertEquals(List.of(), Plausibility.violations(p));
                    CapturerIT.assertSumsToRss(p);
                    if (Plausibility.torn(p)) {
                        assertEquals(Plausibility.TORN, p.warnings().get(0));
                    }
                    assertTrue(p.warnings().size() < 20, p.warnings().toString());
                }
                assertTrue(served.get() > 0, "the request loop ran");
            } finally {
                stop.set(true);
                load.join(130_000);
            }
        }
    }
}
