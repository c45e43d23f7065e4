// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static io.memsnap.analyzer.findings.Processes.KIB;
import static io.memsnap.analyzer.findings.Processes.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.glibc.GlibcArena;
import io.memsnap.snapshot.glibc.GlibcHeap;
import io.memsnap.snapshot.glibc.GlibcMmapped;
import io.memsnap.snapshot.glibc.SizeClass;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlibcSizeClassSpikeRuleTest {
    private final GlibcSizeClassSpikeRule rule = new GlibcSizeClassSpikeRule();

    @Test
    void caseOneSpike() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.GLIBC_USED, 900 * MIB)
                .with(Category.ANONYMOUS, 124 * MIB)
                .glibc(Processes.glibc(0, 0, 0, 0, 0, Processes.used(64, 100_000, 8 * MIB),
                        Processes.used(256 * KIB, 2240, 812 * MIB), Processes.used(4 * KIB, 9000, 52 * MIB)))
                .build();
        Finding f = rule.apply(p).orElseThrow();
        assertEquals("2,240 blocks of 256–512 KiB (812 MiB, 79% of RSS) are in use in glibc malloc.", f.text());
        assertEquals(812 * MIB, f.bytes());
        assertEquals(812.0 / 1024.0, f.shareOfRss(), 1e-12);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(List.of("256–512 KiB in use", "4–8 KiB in use", "64–128 B in use"),
                f.evidence().stream().map(EvidenceRow::label).toList());
        assertEquals("2,240 blocks", f.evidence().get(0).detail());
    }

    @Test
    void sumsArenasAndMmappedChunks() {
        SizeClass inMain = new SizeClass(256 * KIB, 512 * KIB, 1000, 300 * MIB, 5, 1 * MIB, 0, 0, 0, 0, 0, 0);
        SizeClass inThread = new SizeClass(256 * KIB, 512 * KIB, 200, 60 * MIB, 0, 0, 0, 0, 0, 0, 40, 12 * MIB);
        GlibcHeap heap = new GlibcHeap("2.36", List.of(
                new GlibcArena("main", 1, 0, 0, 0, 0, 0, 0, 0, List.of(inMain)),
                new GlibcArena("thread", 2, 0, 0, 0, 0, 0, 0, 0, List.of(inThread))), new GlibcMmapped(40, 12 * MIB),
                List.of());
        ProcessSnapshot p = Processes.worker().with(Category.GLIBC_USED, 1024 * MIB).glibc(heap).build();
        Finding f = rule.apply(p).orElseThrow();
        assertEquals("1,240 blocks of 256–512 KiB (372 MiB, 36% of RSS) are in use in glibc malloc.", f.text());
        assertEquals(Severity.WARNING, f.severity());
    }

    @Test
    void silentWhenNoClassReachesAQuarterOfRss() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.GLIBC_USED, 1000 * MIB)
                .glibc(Processes.glibc(0, 0, 0, 0, 0, Processes.used(256 * KIB, 800, 249 * MIB),
                        Processes.used(64, 10, 1 * KIB)))
                .build();
        assertTrue(rule.apply(p).isEmpty());
    }

    @Test
    void silentBelowThirtyTwoMib() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.GLIBC_USED, 40 * MIB)
                .glibc(Processes.glibc(0, 0, 0, 0, 0, Processes.used(1024, 30_000, 31 * MIB)))
                .build();
        assertTrue(rule.apply(p).isEmpty());
        assertTrue(rule.apply(Processes.worker().with(Category.GLIBC_USED, 40 * MIB).glibc(
                Processes.glibc(0, 0, 0, 0, 0)).build()).isEmpty(), "empty histogram");
    }
}
