// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memsnap.snapshot.model.HostInfo;
import io.memsnap.snapshot.model.Plausibility;
import io.memsnap.snapshot.model.ProcStatus;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.Snapshot;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The first line of a report over a torn layer names the remedy that fits how the process was read: --no-freeze
 * advice only for a running target, another copy for a frozen one, another core for a core.
 */
class TornNoticeTest {
    @Test
    void eachModeGetsItsOwnSentenceAndProcessesShareOne() {
        Snapshot s = snapshot(process(11, Plausibility.TORN), process(12, "fine"),
                process(13, Plausibility.TORN_FROZEN), process(14, Plausibility.TORN));
        assertEquals("WARNING: the target was changing while it was read: rerun without --no-freeze (pid 11, pid 14);"
                + " each frozen copy stopped the target in the middle of an update, so its objects are not reported:"
                + " rerun to copy it at another moment (pid 13)", TornNotice.line(s));
        assertEquals("WARNING: the image was written while the target was changing, or is corrupt, so its objects are"
                + " not reported: use another core, or capture the running process (pid 15)",
                TornNotice.line(snapshot(process(15, Plausibility.TORN_CORE))));
        assertEquals("", TornNotice.line(snapshot(process(16, "fine"))));
    }

    private static ProcessSnapshot process(int pid, String warning) {
        return new ProcessSnapshot(pid, 1, Role.WORKER, "luajit", "luajit churn.lua", "/usr/bin/luajit", 0,
                ProcStatus.unknown(), Optional.empty(), Optional.empty(), List.of(), List.of(), Optional.empty(),
                Optional.empty(), List.of(warning));
    }

    private static Snapshot snapshot(ProcessSnapshot... ps) {
        return new Snapshot(Snapshot.FORMAT, "2026-12-06T00:00:00Z", "test", new HostInfo("6.1", 4096, "test"),
                List.of(ps));
    }
}
