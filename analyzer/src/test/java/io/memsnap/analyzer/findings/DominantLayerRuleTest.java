// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static io.memsnap.analyzer.findings.Processes.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import org.junit.jupiter.api.Test;

class DominantLayerRuleTest {
    private final DominantLayerRule rule = new DominantLayerRule();

    @Test
    void glibcDominatedWorkerSaysCaseOneSentence() {
        // 1116 MiB glibc (93%) + 28.8 MiB LuaJIT (2.4%) + files = 1200 MiB
        long luajit = 1200 * MIB * 24 / 1000;
        ProcessSnapshot p = Processes.worker()
                .with(Category.GLIBC_USED, 1100 * MIB)
                .with(Category.GLIBC_FREE_RESIDENT, 16 * MIB)
                .with(Category.LUAJIT_USED, luajit)
                .with(Category.BINARY_AND_LIBRARIES, 84 * MIB - luajit)
                .build();
        assertEquals(1200 * MIB, p.rssBytes());
        Finding f = rule.apply(p).orElseThrow();
        assertEquals("Glibc holds 93% of this worker's 1.2 GiB; LuaJIT 2.4%.", f.text());
        assertEquals(1116 * MIB, f.bytes());
        assertEquals(1116.0 / 1200.0, f.shareOfRss().orElseThrow(), 1e-12);
        assertEquals(Severity.INFO, f.severity());
        assertEquals("glibc", f.evidence().get(0).label());
        assertEquals("binary and libraries", f.evidence().get(1).label());
        assertEquals(3, f.evidence().size(), "zero layers are left out");
    }

    @Test
    void luajitDominatedNamesGlibcSecond() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.LUAJIT_FREE_RESIDENT, 70 * MIB)
                .with(Category.ANONYMOUS, 20 * MIB)
                .with(Category.GLIBC_USED, 10 * MIB)
                .build();
        assertEquals("LuaJIT holds 70% of this worker's 100 MiB; glibc 10%.", rule.apply(p).orElseThrow().text());
    }

    @Test
    void otherLayerNamesTheRunnerUp() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.NGINX_SHM, 80 * MIB)
                .with(Category.ANONYMOUS, 20 * MIB)
                .build();
        assertEquals("Nginx shared zones holds 80% of this worker's 100 MiB; unattributed heap and anonymous 20%.",
                rule.apply(p).orElseThrow().text());
    }

    @Test
    void silentWhenNoLayerReachesSixtyPercent() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.GLIBC_USED, 59 * MIB)
                .with(Category.LUAJIT_USED, 41 * MIB)
                .build();
        assertTrue(rule.apply(p).isEmpty());
    }

    @Test
    void silentForSmallProcesses() {
        ProcessSnapshot p = Processes.worker().with(Category.GLIBC_USED, 63 * MIB).build();
        assertTrue(rule.apply(p).isEmpty());
    }
}
