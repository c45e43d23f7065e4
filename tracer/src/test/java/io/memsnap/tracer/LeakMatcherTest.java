// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memsnap.snapshot.model.trace.LeakKind;
import io.memsnap.snapshot.model.trace.StackTable;
import io.memsnap.tracer.perf.PerfEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakMatcherTest {
    static PerfEvent alloc(String fn, long t, long addr, long csize, String... frames) {
        return new PerfEvent(1, 1, t, fn, true, addr, csize, List.of(frames));
    }

    static PerfEvent entry(String probe, long t, long addr) {
        return new PerfEvent(1, 1, t, probe, false, addr, 0, List.of());
    }

    @Test
    void usableSizeFollowsGlibc() {
        assertEquals(8200, LeakMatcher.usableBytes(8209)); // 8208 chunk, prev-in-use bit
        assertEquals(307184, LeakMatcher.usableBytes(307202)); // mmapped: 307200 - 16
    }

    @Test
    void freesReallocsAndAgeDecideWhatLeaked() {
        LeakMatcher m = new LeakMatcher(1);
        m.accept(alloc("malloc", 10, 0x1000, 4113, "site_a", "main"));
        m.accept(alloc("malloc", 20, 0x3000, 4113, "site_b", "main"));
        m.accept(entry("free", 30, 0x3000));
        m.accept(alloc("malloc", 40, 0x5000, 4113, "site_c", "main"));
        m.accept(entry("realloc_old", 50, 0x5000));
        m.accept(alloc("realloc", 50, 0x9000, 8209, "site_c", "main"));
        m.accept(alloc("malloc", 100, 0x7000, 4113, "young", "main"));
        StackTable t = m.finish(60, null);
        long[] leaked = new long[3];
        for (int i = 0; i < t.size(); i++) {
            String site = t.frame(i, 1);
            assertEquals("main", t.frame(i, 0));
            assertEquals(LeakKind.MALLOC, t.kind(i));
            switch (site) {
                case "site_a" -> leaked[0] += t.leakedBytes(i);
                case "site_b" -> leaked[1] += t.leakedBytes(i);
                case "site_c" -> leaked[2] += t.leakedBytes(i) + (t.frame(i, 2).equals("realloc") ? 0 : 1);
                case "young" -> assertEquals(0, t.leakedBytes(i), "younger than the cutoff");
                default -> throw new AssertionError(site);
            }
        }
        assertEquals(4104, leaked[0]);
        assertEquals(0, leaked[1]);
        assertEquals(8200 + 1, leaked[2], "the realloc'ed block leaked, its first malloc did not");
    }

    @Test
    void poolsAndSamplingWeight() {
        LeakMatcher m = new LeakMatcher(10);
        m.accept(new PerfEvent(1, 1, 1, "create_pool", true, 0x10000, 0x11000, List.of("handler")));
        m.accept(new PerfEvent(1, 1, 2, "create_pool", true, 0x20000, 0x20200, List.of("handler")));
        m.accept(new PerfEvent(1, 1, 3, "destroy_pool", false, 0x20000, 0, List.of()));
        StackTable t = m.finish(5, null);
        assertEquals(1, t.size());
        assertEquals(LeakKind.POOL, t.kind(0));
        assertEquals(List.of("handler", "ngx_create_pool"), List.of(t.frame(0, 0), t.frame(0, 1)));
        assertEquals(10, t.leakedCount(0));
        assertEquals(40960, t.leakedBytes(0));
        assertEquals(20, t.allocCount(0));
    }

    @Test
    void withoutFreesTheEndWalkDecidesAndALaterAllocationSupersedesAnEarlierOne() {
        LeakMatcher m = new LeakMatcher(1);
        m.accept(alloc("malloc", 10, 0x1000, 4113, "kept", "main")); // chunk 4112 at 0xff0
        m.accept(alloc("malloc", 20, 0x3000, 4113, "freed", "main"));
        m.accept(alloc("malloc", 30, 0x5000, 4113, "first", "main"));
        m.accept(alloc("malloc", 40, 0x5000, 8209, "second", "main")); // same address, later: supersedes
        m.accept(alloc("malloc", 45, 0x7000, 4113, "resized", "main"));
        // held at the end: 0x1000 (4112), 0x5000 (8208), 0x7000 but as a chunk of another size
        Liveness.Chunks held = new Liveness.Chunks(new long[] {0xff0, 0x4ff0, 0x6ff0}, new long[] {4112, 8208, 64}, 3);
        StackTable t = m.finish(60, java.util.Map.of(1, held));
        java.util.Map<String, Long> leaked = new java.util.HashMap<>();
        for (int i = 0; i < t.size(); i++) {
            leaked.merge(t.frame(i, 1), t.leakedBytes(i), Long::sum);
        }
        assertEquals(java.util.Map.of("kept", 4104L, "freed", 0L, "first", 0L, "second", 8200L, "resized", 0L),
                leaked);
        assertEquals(2, m.freedByWalk(), "freed and resized; first was superseded before the walk");
    }

    @Test
    void aPoolsOwnBlockCountsOnceAsThePool() {
        LeakMatcher m = new LeakMatcher(1);
        m.accept(alloc("malloc", 10, 0x10000, 4113, "posix_memalign", "ngx_create_pool", "handler"));
        m.accept(new PerfEvent(1, 1, 11, "create_pool", true, 0x10000, 0x11000, List.of("handler")));
        StackTable t = m.finish(60, null);
        long poolLeaked = 0;
        long mallocCounted = 0;
        for (int i = 0; i < t.size(); i++) {
            poolLeaked += t.kind(i) == LeakKind.POOL ? t.leakedBytes(i) : 0;
            mallocCounted += t.kind(i) == LeakKind.MALLOC ? t.leakedBytes(i) + t.allocBytes(i) + t.allocCount(i) : 0;
        }
        assertEquals(4096, poolLeaked);
        assertEquals(0, mallocCounted, "the malloc under ngx_create_pool is taken back");
        assertEquals(4096, m.outstandingBytes());
    }
}
