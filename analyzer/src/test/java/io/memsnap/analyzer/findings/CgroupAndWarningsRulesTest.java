// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static io.memsnap.analyzer.findings.Processes.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import java.util.List;
import org.junit.jupiter.api.Test;

class CgroupAndWarningsRulesTest {
    @Test
    void nearLimitIsWarningThenCritical() {
        ProcessSnapshot p = Processes.worker().with(Category.ANONYMOUS, 512 * MIB).limit(600 * MIB).build();
        Finding f = new CgroupLimitRule().apply(p).orElseThrow();
        assertEquals("RSS of 512 MiB is 85% of the cgroup memory limit of 600 MiB; the OOM killer acts at the limit.",
                f.text());
        assertEquals(Severity.WARNING, f.severity());
        assertEquals(88 * MIB, f.evidence().get(2).bytes());
        ProcessSnapshot q = Processes.worker().with(Category.ANONYMOUS, 540 * MIB).limit(600 * MIB).build();
        assertEquals(Severity.CRITICAL, new CgroupLimitRule().apply(q).orElseThrow().severity());
    }

    @Test
    void farFromLimitOrNoLimitIsSilent() {
        assertTrue(new CgroupLimitRule().apply(Processes.worker().with(Category.ANONYMOUS, 479 * MIB)
                .limit(600 * MIB).build()).isEmpty());
        assertTrue(new CgroupLimitRule().apply(Processes.worker().with(Category.ANONYMOUS, 479 * MIB).build())
                .isEmpty());
    }

    @Test
    void warningsFromEverySourceAreListed() {
        LuaJitHeap lj = new LuaJitHeap("luajit", false, 0, new LuaJitAllocator(0, 0, 0, 0), List.of(),
                List.of("segment 0x4000 unreadable"));
        ProcessSnapshot p = Processes.worker()
                .with(Category.ANONYMOUS, MIB)
                .warning("cmdline unreadable")
                .glibc(Processes.glibc(0, 0, 0, 0, 0))
                .luajit(lj)
                .build();
        Finding f = new WalkerWarningsRule().apply(p).orElseThrow();
        assertEquals("2 parts of this worker could not be walked or verified; numbers they touch may be incomplete.",
                f.text());
        assertEquals(List.of("capture, unreadable", "LuaJIT walker, unreadable"),
                f.evidence().stream().map(EvidenceRow::label).toList());
        assertEquals("segment 0x4000 unreadable", f.evidence().get(1).detail());
        assertEquals(WarningKind.UNREADABLE.advice(), f.whatToDo(), "one advice per kind, not per warning");
    }

    @Test
    void aCoreFilesLimitsAreExplainedNotReportedAsABug() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.ANONYMOUS, MIB)
                .warning("a core records no residency: resident sizes are estimated from non-zero dumped pages")
                .warning("captured_at is the core file's modification time (2026-03-04T05:06:07Z), not a time the "
                        + "core records; the kernel release of the machine it came from is unknown")
                .build();
        Finding f = new WalkerWarningsRule().apply(p).orElseThrow();
        assertEquals("2 parts of this worker are estimates or unknown by nature; numbers they touch may be "
                + "incomplete.", f.text());
        assertEquals(WarningKind.CORE_RESIDENCY.advice() + " " + WarningKind.CORE_FACTS.advice(), f.whatToDo());
        assertFalse(f.whatToDo().contains("bug"), f.whatToDo());
    }

    @Test
    void noWarningsIsSilent() {
        assertTrue(new WalkerWarningsRule().apply(Processes.worker().with(Category.ANONYMOUS, MIB).build())
                .isEmpty());
    }
}
