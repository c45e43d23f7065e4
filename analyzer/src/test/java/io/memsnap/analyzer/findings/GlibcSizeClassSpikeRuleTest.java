// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static io.memsnap.analyzer.findings.Processes.KIB;
import static io.memsnap.analyzer.findings.Processes.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.glibc.CommonSize;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.glibc.GlibcMmapped;
import io.memsnap.snapshot.model.glibc.SizeClass;
import java.util.List;
import java.util.Optional;
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
        // in-use bytes are allocation bytes: the share printed is of glibc's in-use bytes (812 of 872 MiB), and
        // the finding has no share of RSS; 812/1024 of RSS still gates it and makes it critical
        assertEquals("2,240 blocks of 256–512 KiB (812 MiB, 93% of glibc in-use bytes) are in use in glibc malloc.",
                f.text());
        assertEquals(812 * MIB, f.bytes());
        assertEquals(Optional.empty(), f.shareOfRss());
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(List.of("256–512 KiB in use", "4–8 KiB in use", "64–128 B in use"),
                f.evidence().stream().map(EvidenceRow::label).toList());
        assertEquals("2,240 blocks, 93% of glibc in-use bytes", f.evidence().get(0).detail());
    }

    @Test
    void nginxAdviceOnlyForNginx() {
        for (Role role : Role.values()) {
            ProcessSnapshot p = Processes.worker().role(role)
                    .with(Category.GLIBC_USED, 900 * MIB)
                    .with(Category.ANONYMOUS, 124 * MIB)
                    .glibc(Processes.glibc(0, 0, 0, 0, 0, Processes.used(256 * KIB, 2240, 812 * MIB)))
                    .build();
            Finding f = rule.apply(p).orElseThrow();
            boolean nginx = role == Role.MASTER || role == Role.WORKER;
            assertEquals(nginx, f.whatToDo().contains("nginx"), role + ": " + f.whatToDo());
            assertEquals(nginx, f.keywords().contains("nginx pool"), role + ": " + f.keywords());
        }
    }

    @Test
    void namesTheDominantExactSizeFromCommonSizes() {
        SizeClass c = Processes.used(256 * KIB, 2240, 812 * MIB);
        GlibcHeap heap = new GlibcHeap("2.36", List.of(Processes.arena("main", 1, 0, 0, 0, 0, 0, 0, 0, List.of(c),
                List.of())), new GlibcMmapped(0, 0, 0), List.of(c), List.of(new CommonSize(48, 90_000, 4_320_000),
                        new CommonSize(389_136, 2_000, 778_272_000), new CommonSize(262_160, 100, 26_216_000)),
                List.of());
        Finding f = rule.apply(Processes.worker().with(Category.GLIBC_USED, 1024 * MIB).glibc(heap).build())
                .orElseThrow();
        // 778,272,000 B = 742.2 MiB
        assertEquals("2,240 blocks of 256–512 KiB (812 MiB, 100% of glibc in-use bytes) are in use in glibc malloc; 2,000 of them are"
                + " 389,136-byte chunks (742 MiB).", f.text());
        assertEquals("389,136-byte chunks in use", f.evidence().get(f.evidence().size() - 1).label());
    }

    @Test
    void noExactSizeWhenTheListedOneIsAMinorityOfTheClass() {
        SizeClass c = Processes.used(256 * KIB, 2240, 812 * MIB);
        GlibcHeap heap = new GlibcHeap("2.36", List.of(Processes.arena("main", 1, 0, 0, 0, 0, 0, 0, 0, List.of(c),
                List.of())), new GlibcMmapped(0, 0, 0), List.of(c), List.of(new CommonSize(389_136, 1_119,
                        1_119L * 389_136)), List.of());
        Finding f = rule.apply(Processes.worker().with(Category.GLIBC_USED, 1024 * MIB).glibc(heap).build())
                .orElseThrow();
        assertEquals("2,240 blocks of 256–512 KiB (812 MiB, 100% of glibc in-use bytes) are in use in glibc malloc.",
                f.text());
    }

    @Test
    void countsArenasAndMmappedChunksFromTheProcessHistogram() {
        // as the walker writes it: arena histograms have no mmapped chunks; the process histogram has all
        SizeClass inMain = new SizeClass(256 * KIB, 512 * KIB, 1000, 300 * MIB, 5, 1 * MIB, 0, 0, 0, 0, 0, 0);
        SizeClass inThread = new SizeClass(256 * KIB, 512 * KIB, 200, 60 * MIB, 0, 0, 0, 0, 0, 0, 0, 0);
        SizeClass all = new SizeClass(256 * KIB, 512 * KIB, 1200, 360 * MIB, 5, 1 * MIB, 0, 0, 0, 0, 40, 12 * MIB);
        GlibcHeap heap = new GlibcHeap("2.36", List.of(
                Processes.arena("main", 1, 0, 0, 0, 0, 0, 0, 0, List.of(inMain), List.of()),
                Processes.arena("thread", 2, 0, 0, 0, 0, 0, 0, 0, List.of(inThread), List.of())),
                new GlibcMmapped(40, 12 * MIB, 12 * MIB), List.of(all), List.of(), List.of());
        ProcessSnapshot p = Processes.worker().with(Category.GLIBC_USED, 1024 * MIB).glibc(heap).build();
        Finding f = rule.apply(p).orElseThrow();
        assertEquals("1,240 blocks of 256–512 KiB (372 MiB, 100% of glibc in-use bytes) are in use in glibc malloc.", f.text());
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
