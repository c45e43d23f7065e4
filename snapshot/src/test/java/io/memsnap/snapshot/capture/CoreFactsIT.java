// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.fixtures.NginxFixture;
import io.memsnap.snapshot.model.HostInfo;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.proc.Cmdline;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.target.core.Gcore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a snapshot of a gcore says about its process, against the live process: threads (one NT_PRSTATUS each), the
 * role and full title from the dumped command line, the time from the file and no kernel release.
 */
@EnabledOnOs(OS.LINUX)
class CoreFactsIT {
    @TempDir
    Path tmp;

    private final Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(false), "test");

    @Test
    void threadsAreCountedFromTheCore() throws Exception {
        try (FixtureProcess fx = FixtureProcess.start(List.of(Fixtures.compileC("core_threads", "-pthread").toString()))) {
            int live = ProcFs.taskIds(fx.pid()).size();
            assertTrue(live >= 4, "the fixture runs threads: " + live);
            Snapshot s = capturer.captureCore(Gcore.dump(fx.pid(), tmp));
            assertEquals(live, s.processes().get(0).status().threads());
        }
    }

    @Test
    void anNginxWorkerCoreIsAWorkerWithItsFullTitle() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("pseudo_leak", 1)) {
            int worker = nginx.workerPids().get(0);
            String title = Cmdline.parse(ProcFs.readBytes(worker, "cmdline"));
            assertEquals("nginx: worker process", title);
            ProcessSnapshot p = capturer.captureCore(Gcore.dump(worker, tmp)).processes().get(0);
            assertEquals("nginx", p.name());
            assertEquals(Role.WORKER, p.role());
            assertEquals(title, p.cmdline());
            assertEquals("nginx", p.name());
            ProcessSnapshot master = capturer.captureCore(Gcore.dump(nginx.masterPid(), tmp)).processes().get(0);
            assertEquals("nginx", master.name());
            assertEquals(Role.MASTER, master.role(), master.cmdline());
            assertEquals(Cmdline.parse(ProcFs.readBytes(nginx.masterPid(), "cmdline")), master.cmdline());
        }
    }

    @Test
    void theTimeIsTheFilesAndTheKernelIsUnknown() throws Exception {
        try (FixtureProcess fx = FixtureProcess.start(List.of(Fixtures.compileC("known_allocs").toString()))) {
            Path core = Gcore.dump(fx.pid(), tmp);
            Instant written = Instant.parse("2026-03-04T05:06:07Z");
            Files.setLastModifiedTime(core, FileTime.from(written));
            Snapshot s = capturer.captureCore(core);
            assertEquals("2026-03-04T05:06:07Z", s.capturedAt());
            assertEquals(HostInfo.UNKNOWN_KERNEL, s.host().kernel());
            assertTrue(s.processes().get(0).warnings().stream().anyMatch(w -> w.startsWith(
                    "captured_at is the core file's modification time (2026-03-04T05:06:07Z), not a time the core "
                            + "records")), s.processes().get(0).warnings().toString());
        }
    }
}
