// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.proc.PagemapResidency;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.SmapsParser;
import io.memsnap.snapshot.target.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The frozen copy against the process it copied: on an idle fixture (blocked in read(2), so its memory does not
 * change after the stop) every copied page equals a fresh read of the process, the copy faults nothing into it,
 * residency matches pagemap; the pause bound refuses before stopping; and a memsnap killed or interrupted while
 * the target is stopped for a copy leaves it running.
 */
@EnabledOnOs(OS.LINUX)
class FrozenCopyIT {
    private static final CopyOptions OPTIONS =
            new CopyOptions(Duration.ofSeconds(30), Duration.ofSeconds(5), Optional.empty());

    /**
     * Run without rseq, and compared only once blocked in read(2): an "idle" thread's memory still changes when it
     * is resumed, because the kernel rewrites its registered rseq area (cpu_id_start at byte 96 of a TLS page with
     * glibc 2.36 here) whenever it returns to user space on another CPU. That made this test fail about once in ten
     * runs with "byte 96: 0 in the copy, 1 live" on 2 CPUs: the copy was right, the live process had moved on. The
     * READY line is also written a few instructions before read(2) is entered, with stack writes in between.
     */
    @Test
    void everyCopiedPageEqualsTheIdleProcessAndNothingIsFaultedIn() throws Exception {
        String bin = Fixtures.compileC("known_allocs").toString();
        try (Target t = Target.start(List.of("env", "GLIBC_TUNABLES=glibc.pthread.rseq=0", bin))) {
            awaitBlockedInRead(t.pid());
            long rssBefore = rollup(t.pid());
            try (CopiedProcessImage copy = CopiedProcessImage.capture(t.pid(), OPTIONS);
                    Memory live = ProcessVmMemory.open(t.pid());
                    PagemapResidency pagemap = PagemapResidency.open(t.pid(), ZeroPage.frameNumber())) {
                assertEquals(rssBefore, rollup(t.pid()), "the copy faulted pages into the target");
                long compared = 0;
                long expected = 0;
                for (Mapping m : copy.mappings()) {
                    if (!FrozenCopy.copied(m)) {
                        continue;
                    }
                    expected += m.rssBytes() + m.swapBytes();
                    BitSet resident = pagemap.residentPages(m.start(), m.end()).orElseThrow();
                    assertEquals(resident, copy.residency().residentPages(m.start(), m.end()).orElseThrow(),
                            m.toString());
                    byte[] a = new byte[4096];
                    byte[] b = new byte[4096];
                    for (int i = resident.nextSetBit(0); i >= 0; i = resident.nextSetBit(i + 1)) {
                        long page = m.start() + i * 4096L;
                        copy.memory().read(page, a, 0, 4096);
                        live.read(page, b, 0, 4096);
                        assertArrayEquals(b, a, String.format("page 0x%x of %s", page, m.path()));
                        compared += 4096;
                    }
                    // an untouched page of a private anonymous mapping reads as zeros, as in the process
                    int absent = resident.nextClearBit(0);
                    if (m.inode() == 0 && !m.shared() && absent < m.sizeBytes() / 4096) {
                        assertArrayEquals(new byte[8], copy.memory().read(m.start() + absent * 4096L, 8));
                    }
                }
                assertEquals(expected, copy.copiedBytes(), "copied bytes are Rss + Swap of the copied mappings");
                assertScatterReadsEqualSingleReads(copy);
                assertTrue(compared >= 64L << 20, "compared " + compared);
                assertTrue(copy.pauseMillis() >= 1);
                assertEquals(rssBefore, rollup(t.pid()), "reading the copy faulted pages into the target");
            }
        }
    }

    /**
     * The copy's scatter read gives what one read per address gives, failures included: 16 bytes at every page end
     * of every mapping (across page, run and mapping boundaries) and at every page start, ascending as scans ask.
     */
    private static void assertScatterReadsEqualSingleReads(CopiedProcessImage copy) {
        List<Long> at = new ArrayList<>();
        for (Mapping m : copy.mappings()) {
            for (long page = m.start(); page < m.end() && at.size() < 400_000; page += 4096) {
                at.add(page);
                at.add(page + 4088);
            }
        }
        long[] addresses = at.stream().mapToLong(Long::longValue).toArray();
        byte[] got = new byte[addresses.length * 16];
        BitSet failed = copy.memory().readEach(addresses, addresses.length, 16, got);
        byte[] one = new byte[16];
        int failures = 0;
        for (int i = 0; i < addresses.length; i++) {
            try {
                copy.memory().read(addresses[i], one, 0, 16);
                assertTrue(!failed.get(i), String.format("0x%x read singly but not scattered", addresses[i]));
                assertArrayEquals(one, Arrays.copyOfRange(got, i * 16, i * 16 + 16),
                        String.format("0x%x", addresses[i]));
            } catch (UnreadableMemoryException e) {
                assertTrue(failed.get(i), String.format("0x%x failed singly but not scattered", addresses[i]));
                failures++;
            }
        }
        assertTrue(addresses.length - failures > 10_000, addresses.length + " addresses, " + failures + " failed");
    }

    /**
     * Residency of a range across two mappings is the copy's, as for one mapping: the stopped moment's, never the
     * process's later state. The fixture's range spans two VMAs with every even page written; after the copy it gives
     * every page back, so a live pagemap read would now say none is resident.
     */
    @Test
    void residencyAcrossTwoMappingsIsTheCopysNotTheProcesssLater() throws Exception {
        try (Target t = Target.start(List.of(Fixtures.compileC("split_mapping").toString()))) {
            FixtureProcess fx = t.io();
            String[] at = fx.awaitLine("AT ", 10).split(" ");
            long start = Long.parseUnsignedLong(at[1], 16);
            int pages = Integer.parseInt(at[2]);
            long middle = start + pages / 2 * 4096L;
            long end = start + pages * 4096L;
            try (CopiedProcessImage copy = CopiedProcessImage.capture(t.pid(), OPTIONS)) {
                assertTrue(copy.mappings().stream().anyMatch(m -> m.start() == start && m.end() == middle)
                        && copy.mappings().stream().anyMatch(m -> m.start() == middle && m.end() == end),
                        "precondition: two mappings meet in the middle of the range");
                fx.send("drop");
                fx.awaitLine("DROPPED", 10);
                BitSet even = new BitSet(pages);
                for (int i = 0; i < pages; i += 2) {
                    even.set(i);
                }
                assertEquals(even.get(0, pages / 2), copy.residency().residentPages(start, middle).orElseThrow());
                assertEquals(even.get(pages / 2, pages), copy.residency().residentPages(middle, end).orElseThrow());
                assertEquals(even, copy.residency().residentPages(start, end).orElseThrow());
                assertEquals(even.get(1, pages - 1), copy.residency().residentPages(start + 4096, end - 4096)
                        .orElseThrow());
            }
        }
    }

    @Test
    void aCopyOverThePauseBoundIsRefusedBeforeTheTargetIsStopped() throws Exception {
        String bin = Fixtures.compileC("known_allocs").toString();
        try (Target t = Target.start(List.of(bin))) {
            CopyOptions tight = new CopyOptions(Duration.ofMillis(20), Duration.ofSeconds(5), Optional.empty());
            PauseRefusedException e = assertThrows(PauseRefusedException.class,
                    () -> CopiedProcessImage.capture(t.pid(), tight));
            assertTrue(e.getMessage().startsWith("pid " + t.pid() + " not stopped: copying its "), e.getMessage());
            assertTrue(e.getMessage().contains("over --max-pause 20 ms"), e.getMessage());
            assertEquals("0", status(t.pid(), "TracerPid:"), "never attached");
        }
    }

    @Test
    void theBudgetRuleUsesTheAssumedSpeedAndAvailableMemory() {
        CopyOptions oneSecond = new CopyOptions(Duration.ofSeconds(1), Duration.ofSeconds(5), Optional.empty());
        CopiedProcessImage.checkBudget(1, 512L << 20, oneSecond, 8L << 30);
        assertThrows(PauseRefusedException.class,
                () -> CopiedProcessImage.checkBudget(1, 2L << 30, oneSecond, 8L << 30));
        PauseRefusedException mem = assertThrows(PauseRefusedException.class,
                () -> CopiedProcessImage.checkBudget(1, 512L << 20, oneSecond, 768L << 20));
        assertTrue(mem.getMessage().contains("--spill DIR"), mem.getMessage());
        CopiedProcessImage.checkBudget(1, 512L << 20,
                new CopyOptions(Duration.ofSeconds(1), Duration.ofSeconds(5), Optional.of(Path.of("/tmp"))), 768L << 20);
    }

    @Test
    void aSpillDirectoryHoldsTheSameCopy() throws Exception {
        String bin = Fixtures.compileC("known_allocs").toString();
        Path dir = Files.createTempDirectory("memsnap-spill");
        try (Target t = Target.start(List.of(bin));
                CopiedProcessImage mem = CopiedProcessImage.capture(t.pid(), OPTIONS);
                CopiedProcessImage spilled = CopiedProcessImage.capture(t.pid(),
                        new CopyOptions(Duration.ofSeconds(30), Duration.ofSeconds(5), Optional.of(dir)))) {
            assertEquals(mem.copiedBytes(), spilled.copiedBytes());
            Mapping heap = mem.mappings().stream().filter(m -> m.path().equals("[heap]")).findFirst().orElseThrow();
            assertArrayEquals(mem.memory().read(heap.start(), 1 << 20), spilled.memory().read(heap.start(), 1 << 20));
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "the spill file is deleted at once");
            }
        } finally {
            Files.delete(dir);
        }
    }

    @Test
    void sigkillOrSigintOfMemsnapDuringTheCopyLeavesTheTargetRunning() throws Exception {
        for (String signal : List.of("KILL", "INT")) {
            String bin = Fixtures.compileC("known_allocs").toString();
            try (Target t = Target.start(List.of(bin))) {
                Process loop = startCopyLoop(t.pid());
                try {
                    awaitState(t.pid(), 't', 60);
                    Target.signal((int) loop.pid(), signal);
                    assertTrue(loop.waitFor(20, TimeUnit.SECONDS), "SIG" + signal + " ends the copier");
                    char st = Target.awaitState(t.pid(), c -> c != 't' && c != 'T', 5);
                    assertNotEquals('t', st, "SIG" + signal + ": the target runs again");
                    assertEquals("0", status(t.pid(), "TracerPid:"));
                } finally {
                    loop.destroyForcibly();
                }
            }
        }
    }

    private static Process startCopyLoop(int pid) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(java.toString(), "-cp", cp, CopyLoopMain.class.getName(), Integer.toString(pid))
                .redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Polls every millisecond until the main thread of {@code pid} is in {@code state}. */
    private static void awaitState(int pid, char state, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (Target.state(pid) != state) {
            assertTrue(System.nanoTime() < deadline, "pid " + pid + " never reached state " + state);
            Thread.sleep(1);
        }
    }

    /** Waits until {@code pid}'s thread is blocked in read(2) (syscall 0 on x86_64 in /proc/PID/syscall). */
    static void awaitBlockedInRead(int pid) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!ProcFs.readText(pid, "syscall").startsWith("0 ") || Target.state(pid) != 'S') {
            assertTrue(System.nanoTime() < deadline, "pid " + pid + " never blocked in read(2)");
            Thread.sleep(1);
        }
    }

    private static long rollup(int pid) {
        return SmapsParser.parse(ProcFs.readText(pid, "smaps_rollup")).get(0).rssBytes();
    }

    private static String status(int pid, String field) {
        for (String line : ProcFs.readText(pid, "status").split("\n")) {
            if (line.startsWith(field)) {
                return line.substring(field.length()).trim();
            }
        }
        return "";
    }
}
