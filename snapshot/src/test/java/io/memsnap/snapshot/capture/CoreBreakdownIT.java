// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.fixtures.ProcStates;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gcore of a stopped process reports the same breakdown as the live capture for every category a core can know
 * (anonymous memory the process wrote: heap and glibc split, stacks, shared memory) and the same glibc arenas.
 * File-backed residency and the vdso are not knowable from a core and are not compared.
 */
@EnabledOnOs(OS.LINUX)
class CoreBreakdownIT {
    private static final List<Category> COMPARABLE = List.of(Category.HEAP, Category.ANONYMOUS, Category.STACKS,
            Category.SHARED_MEMORY, Category.GLIBC_USED, Category.GLIBC_FREE_RESIDENT, Category.GLIBC_METADATA,
            Category.LUAJIT_USED, Category.LUAJIT_FREE_RESIDENT);

    @TempDir
    Path tmp;

    @Test
    void coreBreakdownEqualsTheLiveOneForAnonymousMemory() throws Exception {
        Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(false), "test");
        try (FixtureProcess fx = FixtureProcess.start(List.of(Fixtures.compileC("core_threads", "-pthread").toString()))) {
            int pid = fx.pid();
            ProcStates.signal(pid, "STOP");
            ProcStates.awaitStopped(pid, Duration.ofSeconds(5));
            try {
                ProcessSnapshot live = capturer.captureLive(pid,
                        new CaptureOptions(false, false, Duration.ofSeconds(5))).processes().get(0);
                // the kernel default: do not dump file-backed text, as a production gcore would
                Files.writeString(Path.of("/proc/" + pid + "/coredump_filter"), "0x33");
                run("gcore", "-o", tmp.resolve("core").toString(), Integer.toString(pid));
                ProcessSnapshot core = capturer.captureCore(tmp.resolve("core." + pid)).processes().get(0);
                for (Category c : COMPARABLE) {
                    assertEquals(live.bytesOf(c), core.bytesOf(c), c + "\nlive " + live.breakdown() + "\ncore "
                            + core.breakdown());
                }
                assertTrue(live.bytesOf(Category.STACKS) >= 3 * 256 * 1024, "thread stacks found in both");
                assertTrue(live.bytesOf(Category.SHARED_MEMORY) >= 1 << 20);
                List<GlibcArena> la = live.glibc().orElseThrow().arenas();
                List<GlibcArena> ca = core.glibc().orElseThrow().arenas();
                assertEquals(la.size(), ca.size());
                assertTrue(la.size() >= 2, "thread arenas");
                for (int i = 0; i < la.size(); i++) {
                    assertEquals(la.get(i).systemBytes(), ca.get(i).systemBytes());
                    assertEquals(la.get(i).inUseBytes(), ca.get(i).inUseBytes());
                    assertEquals(la.get(i).freeBytes(), ca.get(i).freeBytes());
                }
                assertEquals(live.glibc().get().mmapped(), core.glibc().get().mmapped());
                assertTrue(core.warnings().stream().anyMatch(w -> w.contains("estimated")), core.warnings().toString());
            } finally {
                ProcStates.cont(pid);
            }
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
    }
}
