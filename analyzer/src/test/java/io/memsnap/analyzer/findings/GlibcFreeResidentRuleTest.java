// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static io.memsnap.analyzer.findings.Processes.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class GlibcFreeResidentRuleTest {
    private final GlibcFreeResidentRule rule = new GlibcFreeResidentRule();

    @Test
    void saysFreeAndResidentWithShare() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.GLIBC_FREE_RESIDENT, 280 * MIB)
                .with(Category.GLIBC_USED, 720 * MIB)
                .glibc(Processes.glibc(250 * MIB, 40 * MIB, 6 * MIB, 4 * MIB, 280 * MIB, 250 * MIB, 20 * MIB))
                .build();
        Finding f = rule.apply(p).orElseThrow();
        // free 250 + 40 + 6 + 4 = 300 MiB = 280 MiB of whole free pages + 20 MiB fragmented; 250 MiB trimmable
        assertEquals("glibc holds 300 MiB free: 280 MiB in resident free pages (28% of RSS), of which malloc_trim(0)"
                + " could return 250 MiB now; 20.0 MiB (2.0% of RSS) is fragmented among live chunks, which no"
                + " trim returns.", f.text());
        assertEquals(List.of(300 * MIB, 280 * MIB, 250 * MIB, 20 * MIB),
                f.evidence().stream().map(EvidenceRow::bytes).toList());
        assertEquals(300 * MIB, f.bytes());
        assertEquals(0.30, f.shareOfRss().orElseThrow(), 1e-12);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(300 * MIB, f.evidence().get(0).bytes());
        assertEquals("main 0x7f0000001000: free", f.evidence().get(0).label());
        assertEquals("bins, top, tcache, fastbins", f.evidence().get(0).detail());
    }

    @Test
    void fragmentedAloneTriggersAndSaysNoTrimHelps() {
        // the glibc_fragmented fixture's shape: 153 MiB free, 49 MiB in whole pages, 104 MiB fragmented
        ProcessSnapshot p = Processes.worker()
                .with(Category.GLIBC_FREE_RESIDENT, 49 * MIB)
                .with(Category.GLIBC_USED, 251 * MIB)
                .glibc(Processes.glibc(153 * MIB, 0, 0, 0, 49 * MIB, 48 * MIB, 104 * MIB))
                .build();
        Finding f = rule.apply(p).orElseThrow();
        assertEquals("glibc holds 153 MiB free: 49.0 MiB in resident free pages (16% of RSS), of which"
                + " malloc_trim(0) could return 48.0 MiB now; 104 MiB (35% of RSS) is fragmented among live chunks,"
                + " which no trim returns.", f.text());
        assertEquals(153 * MIB, f.bytes());
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.whatToDo().startsWith("Most of it is fragmented"), f.whatToDo());
    }

    @Test
    void infoBelowQuarterOfRss() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.GLIBC_FREE_RESIDENT, 100 * MIB)
                .with(Category.GLIBC_USED, 900 * MIB)
                .glibc(Processes.glibc(100 * MIB, 0, 0, 0, 100 * MIB))
                .build();
        assertEquals(Severity.INFO, rule.apply(p).orElseThrow().severity());
    }

    @Test
    void silentBelowTenPercentOrSixtyFourMib() {
        ProcessSnapshot tenPercentMinus = Processes.worker()
                .with(Category.GLIBC_FREE_RESIDENT, 99 * MIB)
                .with(Category.GLIBC_USED, 901 * MIB)
                .glibc(Processes.glibc(200 * MIB, 0, 0, 0, 99 * MIB))
                .build();
        assertTrue(rule.apply(tenPercentMinus).isEmpty());
        ProcessSnapshot small = Processes.worker()
                .with(Category.GLIBC_FREE_RESIDENT, 63 * MIB)
                .with(Category.GLIBC_USED, 37 * MIB)
                .glibc(Processes.glibc(63 * MIB, 0, 0, 0, 63 * MIB))
                .build();
        assertTrue(rule.apply(small).isEmpty());
        assertTrue(rule.apply(Processes.worker().with(Category.ANONYMOUS, 500 * MIB).build()).isEmpty(),
                "no glibc section, no finding");
    }
}
