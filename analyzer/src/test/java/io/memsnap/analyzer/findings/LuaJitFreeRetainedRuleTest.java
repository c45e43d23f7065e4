// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static io.memsnap.analyzer.findings.Processes.KIB;
import static io.memsnap.analyzer.findings.Processes.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import org.junit.jupiter.api.Test;

class LuaJitFreeRetainedRuleTest {
    private final LuaJitFreeRetainedRule rule = new LuaJitFreeRetainedRule();

    @Test
    void caseTwoSentence() {
        long used = 30 * MIB + 400 * KIB;
        ProcessSnapshot p = Processes.worker()
                .with(Category.LUAJIT_USED, used)
                .with(Category.LUAJIT_FREE_RESIDENT, 334 * MIB + 600 * KIB)
                .with(Category.GLIBC_USED, 147 * MIB)
                .luajit(Processes.luajit(515 * MIB, used, 515 * MIB - used, 336 * MIB, 334 * MIB + 600 * KIB,
                        29 * MIB))
                .build();
        Finding f = rule.apply(p).orElseThrow();
        // the sentence uses reclaimable (whole pages, = the breakdown), never the byte-wise 336 MiB
        assertEquals("94% of the 515 MiB held by the LuaJIT allocator is free but retained: 335 MiB of resident pages"
                + " hold no live object (65% of RSS).", f.text());
        assertEquals(334 * MIB + 600 * KIB, f.evidence().get(3).bytes());
        assertEquals(336 * MIB, f.evidence().get(4).bytes());
        assertEquals("LuaJIT free bytes, resident", f.evidence().get(4).label());
        assertEquals(334 * MIB + 600 * KIB, f.bytes());
        assertEquals((double) (334 * MIB + 600 * KIB) / p.rssBytes(), f.shareOfRss().orElseThrow(), 1e-12);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("94% of the footprint", f.evidence().get(2).detail());
    }

    @Test
    void warningWhenResidentFreeIsUnderHalfOfRss() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.LUAJIT_FREE_RESIDENT, 40 * MIB)
                .with(Category.GLIBC_USED, 160 * MIB)
                .luajit(Processes.luajit(100 * MIB, 50 * MIB, 50 * MIB, 40 * MIB, 45 * MIB))
                .build();
        Finding f = rule.apply(p).orElseThrow();
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("50% of the 100 MiB held by the LuaJIT allocator is free but retained: 40.0 MiB of resident"
                + " pages hold no live object (20% of RSS).", f.text());
    }

    @Test
    void silentWhenMostlyUsedOrLittleResident() {
        ProcessSnapshot busy = Processes.worker()
                .with(Category.LUAJIT_USED, 300 * MIB)
                .luajit(Processes.luajit(400 * MIB, 201 * MIB, 199 * MIB, 100 * MIB, 190 * MIB))
                .build();
        assertTrue(rule.apply(busy).isEmpty(), "49.75% free");
        ProcessSnapshot released = Processes.worker()
                .with(Category.LUAJIT_USED, 300 * MIB)
                .luajit(Processes.luajit(400 * MIB, 10 * MIB, 390 * MIB, 31 * MIB, 9 * MIB))
                .build();
        assertTrue(rule.apply(released).isEmpty(), "free pages already returned to the OS");
        ProcessSnapshot scattered = Processes.worker()
                .with(Category.LUAJIT_USED, 300 * MIB)
                .luajit(Processes.luajit(400 * MIB, 10 * MIB, 390 * MIB, 200 * MIB, 31 * MIB, 9 * MIB))
                .build();
        assertTrue(rule.apply(scattered).isEmpty(), "200 MiB free byte-wise, but only 31 MiB in whole pages");
        assertTrue(rule.apply(Processes.worker().with(Category.ANONYMOUS, MIB).build()).isEmpty());
    }
}
