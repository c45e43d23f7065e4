// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.HostInfo;
import io.memsnap.snapshot.model.ProcStatus;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Snapshots with nothing optional (no glibc, no LuaJIT, no mappings, even no process) still render. */
class SparseSnapshotRenderTest {
    @Test
    void everyFormatRendersSparseSnapshots() throws IOException {
        ProcessSnapshot bare = new ProcessSnapshot(7, 0, Role.OTHER, "sleep", "", "", 4096, ProcStatus.unknown(),
                Optional.empty(), Optional.empty(), List.of(), List.of(new BreakdownEntry(Category.STACKS, 4096)),
                Optional.empty(), Optional.empty(), List.of());
        ProcessSnapshot empty = new ProcessSnapshot(8, 0, Role.OTHER, "zombie", "", "", 0, ProcStatus.unknown(),
                Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty(),
                List.of());
        HostInfo host = new HostInfo("", 4096, "dev");
        for (Snapshot s : List.of(new Snapshot(Snapshot.FORMAT, "2026-01-01T00:00:00Z", "pid 7", host,
                List.of(bare, empty)), new Snapshot(Snapshot.FORMAT, "2026-01-01T00:00:00Z", "none", host, List.of()))) {
            for (ReportFormat f : ReportFormat.values()) {
                StringWriter out = new StringWriter();
                f.renderer().render(s, FindingsEngine.withDefaultRules().analyze(s), ReportOptions.defaults(), out);
                assertTrue(out.toString().length() > 100, f + ": " + out);
            }
        }
    }
}
