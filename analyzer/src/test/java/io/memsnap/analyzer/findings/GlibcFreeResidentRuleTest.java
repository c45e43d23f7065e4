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
                .glibc(Processes.glibc(250 * MIB, 40 * MIB, 6 * MIB, 4 * MIB, 280 * MIB, 250 * MIB))
                .build();
        Finding f = rule.apply(p).orElseThrow();
        // free 250 + 40 + 6 + 4 = 300 MiB; resident free pages 280 MiB, 250 MiB trimmable; fragmented is the arena's
        // fragmented_bytes (the helper puts freeResident - trimmable there: 30 MiB)
        assertEquals("glibc holds 300 MiB free, 280 MiB of it in resident free pages (28% of RSS): malloc_trim(0)"
                + " could return 250 MiB now; 30.0 MiB is fragmented among live chunks.", f.text());
        assertEquals(List.of(300 * MIB, 280 * MIB, 250 * MIB, 30 * MIB),
                f.evidence().stream().map(EvidenceRow::bytes).toList());
        assertEquals(280 * MIB, f.bytes());
        assertEquals(0.28, f.shareOfRss(), 1e-12);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(300 * MIB, f.evidence().get(0).bytes());
        assertEquals("main arena 0x7f0000001000: free (bins, top, tcache, fastbins)", f.evidence().get(0).label());
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
