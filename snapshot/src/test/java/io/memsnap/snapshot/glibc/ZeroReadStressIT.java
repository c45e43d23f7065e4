// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.MemoryPressure;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.ProcMemMemory;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.proc.PagemapResidency;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Issue 15's intermittent zero reads from stopped targets, as a stress test: a stopped 300 MiB fragmented heap is
 * captured again and again while the kernel migrates its pages (compaction in a loop, THP always, a parallel
 * allocation load). Every page that was present before a capture must read through memsnap's non-faulting memory
 * exactly as through {@code /proc/PID/mem}, and every walk must still equal the fixture's own malloc_info with no
 * warning. Bounded: about {@value #SECONDS} s of captures, at least {@value #MIN_CAPTURES}.
 */
@EnabledOnOs(OS.LINUX)
class ZeroReadStressIT {
    private static final long SECONDS = 10;
    private static final int MIN_CAPTURES = 2;
    private static final int PAGE = 4096;
    private static final int RESIDENCY_READS = 30;

    @Test
    void stoppedHeapReadsTheSameWhileTheKernelMovesItsPages() throws Exception {
        List<String> wrong = new ArrayList<>();
        int captures = 0;
        long pagesCompared = 0;
        List<BitSet> residency = new ArrayList<>();
        List<GlibcHeap> heaps = new ArrayList<>();
        // open an image first, so memsnap learns the zero page's frame before the fixture allocates: on kernels
        // without a shared zero page that learning read-faults a page of memsnap's own and frees it, and the
        // fixture's 300 MiB heap, allocated right after, is likely to get that frame (issue 15's zero reads)
        LiveProcessImage.open((int) ProcessHandle.current().pid()).close();
        try (StoppedFixture f = StoppedFixture.start("glibc_fragmented");
                MemoryPressure load = MemoryPressure.start(1024)) {
            long end = System.nanoTime() + SECONDS * 1_000_000_000L;
            while (captures < MIN_CAPTURES || System.nanoTime() < end) {
                captures++;
                pagesCompared += compareHeapPages(f.pid(), captures, wrong);
                checkResidency(f.pid(), captures, wrong);
                residency.add(heapResidency(f.pid()));
                heaps.add(GlibcOracleIT.assertMatchesOracle(f));
            }
            assertTrue(load.compactions() > 0, "compaction ran");
        }
        System.out.printf(Locale.ROOT, "zero-read stress: %d captures, %d pages compared%n", captures, pagesCompared);
        assertTrue(pagesCompared > 50_000L * captures, "pages compared: " + pagesCompared);
        assertEquals(List.of(), wrong);
        // the target is stopped and nothing swaps: pages move between frames but stay resident, so every
        // capture sees the same resident pages and the same heap, page ledger (free resident, trimmable) included
        for (int i = 1; i < captures; i++) {
            BitSet diff = (BitSet) residency.get(0).clone();
            diff.xor(residency.get(i));
            assertEquals(0, diff.cardinality(), "capture " + (i + 1) + ": resident pages of [heap] differ at page "
                    + diff.nextSetBit(0) + " (" + residency.get(0).cardinality() + " vs "
                    + residency.get(i).cardinality() + " resident)");
            assertEquals(heaps.get(0), heaps.get(i), "capture " + (i + 1) + " walked another heap");
        }
    }

    /**
     * Residency while pages migrate: {@value #RESIDENCY_READS} times, memsnap's resident pages of [heap] between two
     * pagemap reads of its own; a page present in both (the target is stopped, nothing swaps) was resident
     * throughout, even if it was being moved in between, and must be reported resident.
     */
    private static void checkResidency(int pid, int capture, List<String> wrong) throws Exception {
        try (LiveProcessImage image = LiveProcessImage.open(pid);
                PagemapResidency pagemap = PagemapResidency.open(pid, 0)) {
            Mapping heap = image.mappings().stream().filter(m -> m.path().equals("[heap]")).findFirst().orElseThrow();
            int pages = (int) ((heap.end() - heap.start()) / PAGE);
            for (int round = 0; round < RESIDENCY_READS; round++) {
                long[] before = pagemap.entries(heap.start(), pages);
                BitSet resident = image.residency().residentPages(heap.start(), heap.end()).orElseThrow();
                long[] after = pagemap.entries(heap.start(), pages);
                for (int p = 0; p < pages; p++) {
                    if (before[p] < 0 && after[p] < 0 && !resident.get(p)) {
                        wrong.add(String.format(Locale.ROOT, "capture %d: page 0x%x present before (0x%x) and after"
                                + " (0x%x) but not resident in between", capture, heap.start() + (long) p * PAGE,
                                before[p], after[p]));
                    }
                }
            }
        }
    }

    /** The resident pages of [heap] as memsnap's residency reports them. */
    private static BitSet heapResidency(int pid) {
        try (LiveProcessImage image = LiveProcessImage.open(pid)) {
            Mapping heap = image.mappings().stream().filter(m -> m.path().equals("[heap]")).findFirst().orElseThrow();
            return image.residency().residentPages(heap.start(), heap.end()).orElseThrow();
        }
    }

    /** Compares every page of [heap] that pagemap shows present, memsnap's reader against /proc/PID/mem. */
    private static long compareHeapPages(int pid, int capture, List<String> wrong) throws Exception {
        long compared = 0;
        try (LiveProcessImage image = LiveProcessImage.open(pid);
                PagemapResidency pagemap = PagemapResidency.open(pid, 0);
                ProcMemMemory truth = ProcMemMemory.open(pid)) {
            Memory memsnap = image.memory(); // a fresh image: its block cache holds nothing older than this comparison
            for (Mapping m : image.mappings()) {
                if (!m.path().equals("[heap]")) {
                    continue;
                }
                for (long a = m.start(); a < m.end(); a += 256 * PAGE) {
                    int pages = (int) Math.min(256, (m.end() - a) / PAGE);
                    long[] before = pagemap.entries(a, pages);
                    byte[] got = memsnap.read(a, pages * PAGE);
                    int p = 0;
                    while (p < pages) {
                        if (before[p] >= 0) {
                            p++; // not present: reading it through /proc/PID/mem would fault it in
                            continue;
                        }
                        int q = p;
                        while (q < pages && before[q] < 0) {
                            q++;
                        }
                        byte[] want = truth.read(a + (long) p * PAGE, (q - p) * PAGE);
                        for (int k = p; k < q; k++) {
                            if (!Arrays.equals(want, (k - p) * PAGE, (k - p + 1) * PAGE, got, k * PAGE,
                                    (k + 1) * PAGE)) {
                                long page = a + (long) k * PAGE;
                                wrong.add(String.format(Locale.ROOT, "capture %d: page 0x%x differs (pagemap "
                                        + "before 0x%x, now 0x%x)", capture, page, before[k],
                                        pagemap.entries(page, 1)[0]));
                            }
                        }
                        compared += q - p;
                        p = q;
                    }
                }
            }
        }
        return compared;
    }
}
