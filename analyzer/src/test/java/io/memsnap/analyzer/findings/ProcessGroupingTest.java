// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static io.memsnap.analyzer.findings.Processes.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.memory.AlikeProcess;
import io.memsnap.analyzer.memory.ProcessGrouping;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.HostInfo;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.Snapshot;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A quiet master is summarised, a worst one is not; workers within 10% are summarised with their differences. */
class ProcessGroupingTest {
    private static Snapshot of(ProcessSnapshot... ps) {
        return new Snapshot(Snapshot.FORMAT, "t", "pid 1", new HostInfo("k", 4096, "v"), List.of(ps));
    }

    private static ProcessSnapshot worker(int pid, long luajitFree, long anon) {
        return Processes.worker().pid(pid).with(Category.LUAJIT_FREE_RESIDENT, luajitFree)
                .with(Category.ANONYMOUS, anon).build();
    }

    @Test
    void alikeWorkersAreSummarisedWithTheirDifferences() {
        ProcessSnapshot master = Processes.worker().pid(1).role(Role.MASTER).with(Category.ANONYMOUS, MIB).build();
        Snapshot s = of(master, worker(10, 60 * MIB, 10 * MIB), worker(11, 62 * MIB, 10 * MIB),
                worker(12, 60 * MIB, 10 * MIB), worker(13, 200 * MIB, 10 * MIB));
        ProcessGrouping g = ProcessGrouping.of(s, List.of());
        assertEquals(List.of(1), g.summarisedMaster());
        assertEquals(List.of(11, 12), List.copyOf(g.alike().keySet()), "13 differs by far more than 10%");
        AlikeProcess a = g.alike().get(11);
        assertEquals(10, a.likePid());
        assertEquals(2 * MIB, a.rssDeltaBytes());
        assertEquals(List.of(new AlikeProcess.Difference(Category.LUAJIT_FREE_RESIDENT, 2 * MIB)), a.differences());
        assertTrue(g.alike().get(12).differences().isEmpty());
    }

    @Test
    void aMasterWithAWarningIsShownInFull() {
        ProcessSnapshot master = Processes.worker().pid(1).role(Role.MASTER).with(Category.ANONYMOUS, MIB).build();
        Finding warning = new Finding("x", Severity.WARNING, 1, "t", 0, Optional.empty(), List.of(), "w", List.of());
        assertTrue(ProcessGrouping.of(of(master, worker(10, MIB, MIB)), List.of(warning)).summarisedMaster()
                .isEmpty());
        assertTrue(ProcessGrouping.of(of(master), List.of()).summarisedMaster().isEmpty(), "alone: in full");
    }
}
