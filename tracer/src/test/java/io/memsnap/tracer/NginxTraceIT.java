// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.NginxFixture;
import io.memsnap.snapshot.model.trace.LeakKind;
import io.memsnap.snapshot.model.trace.LeakTrace;
import io.memsnap.snapshot.model.trace.StackTable;
import io.memsnap.tracer.perf.PerfTool;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The nginx leaking module (CASES.md #1): pools created and never destroyed, and the large ngx_palloc blocks in
 * them, traced on the master pid and attributed to the module's functions; the module's JSON answer is the oracle.
 */
@EnabledOnOs(OS.LINUX)
class NginxTraceIT {
    @AfterEach
    void noProbeLeftBehind() {
        assertEquals(List.of(), PerfTool.unattendedGroups(), "memsnap probe groups left in uprobe_events");
    }

    static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void leakedPoolsAndLargeBlocksLandOnTheModule() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("pseudo_leak", 1, true)) {
            CountDownLatch recording = new CountDownLatch(1);
            CompletableFuture<LeakTrace> trace = CompletableFuture.supplyAsync(() -> {
                try {
                    // --continuous with free: exact counts to compare with the module's own
                    return Tracer.trace(new TraceOptions(nginx.masterPid(), 10_000, 4096, 0, 1,
                            java.util.Set.copyOf(io.memsnap.tracer.perf.ProbePlan.NAMES),
                            TraceOptions.DEFAULT_STACK_BYTES, null), s -> recording.countDown(), TracerIT::held);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(recording.await(120, TimeUnit.SECONDS), "the trace did not start");
            String last = "";
            for (int i = 0; i < 3; i++) {
                last = nginx.get("/leak?n=1");
            }
            LeakTrace t = trace.get(180, TimeUnit.SECONDS);
            assertEquals(0, t.lostEvents());
            StackTable s = t.stacks();
            long largeBlocks = 0;
            long largeBytes = 0;
            long modulePools = 0;
            long modulePoolBytes = 0;
            for (int i = 0; i < s.size(); i++) {
                List<String> frames = frames(s, i);
                if (s.kind(i) == LeakKind.POOL) {
                    // a connection pool of nginx's own can be open at the end too; it is not the module's
                    if (frames.contains("memsnap_leak_grow_pool")) {
                        assertTrue(frames.contains("ngx_http_memsnap_leak_handler"), frames.toString());
                        modulePools += s.leakedCount(i);
                        modulePoolBytes += s.leakedBytes(i);
                    }
                } else if (frames.contains("memsnap_leak_grow_pool") && frames.contains("ngx_alloc")
                        && !frames.contains("ngx_create_pool")) {
                    largeBlocks += s.leakedCount(i);
                    largeBytes += s.leakedBytes(i);
                }
            }
            long pools = field(last, "pools");
            assertEquals(pools, modulePools, "every pool the module kept");
            assertEquals(pools * field(last, "pool_size"), modulePoolBytes);
            long expected = field(last, "large_bytes");
            assertEquals(field(last, "large_blocks"), largeBlocks, "large blocks through ngx_palloc_large/ngx_alloc");
            // usable size of an mmapped chunk: the request rounded up to a page, minus the 16-byte header
            assertTrue(largeBytes >= expected && largeBytes <= expected + 4096 * largeBlocks,
                    largeBytes + " vs " + expected);
        }
    }

    static List<String> frames(StackTable s, int i) {
        return java.util.stream.IntStream.range(0, s.depth(i)).mapToObj(l -> s.frame(i, l)).toList();
    }
}
