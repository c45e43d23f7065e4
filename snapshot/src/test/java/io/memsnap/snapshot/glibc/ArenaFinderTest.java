// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArenaFinderTest {
    static final long DATA = 0x7f0000001000L;
    static final long MAIN = DATA + 0x460;
    static final long MP = DATA + 0x40;
    static final long HEAP = 0x555500000000L;

    /** A libc data page with an initialised single-arena main_arena whose top is 0x1000 into a 0x21000 heap. */
    static FakeMemory libcWithHeap(boolean initialised) {
        FakeMemory mem = new FakeMemory();
        ByteBuffer d = mem.add(DATA, 0x2000);
        int a = (int) (MAIN - DATA);
        d.putLong(a + Layout.STATE_NEXT, MAIN);
        d.putLong(a + 2176, 1);
        if (initialised) {
            for (int i = 1; i < Layout.NBINS; i++) {
                d.putLong(a + Layout.STATE_BINS + 16 * (i - 1), Layout.binHead(MAIN, i));
                d.putLong(a + Layout.STATE_BINS + 16 * (i - 1) + 8, Layout.binHead(MAIN, i));
            }
            d.putLong(a + Layout.STATE_TOP, HEAP + 0x1000);
            d.putLong(a + Layout.STATE_SYSTEM_MEM, 0x21000);
            d.putLong(a + Layout.STATE_MAX_SYSTEM_MEM, 0x21000);
        }
        int p = (int) (MP - DATA);
        d.putLong(p, 0x20000).putLong(p + 8, 0x20000).putLong(p + 16, 0x20000).putLong(p + 24, 8);
        d.putInt(p + Layout.PAR_N_MMAPS_MAX, 65536);
        d.putLong(p + Layout.PAR_SBRK_BASE, initialised ? HEAP : 0);
        d.putLong(p + Layout.PAR_TCACHE_BINS, 64).putLong(p + Layout.PAR_TCACHE_MAX_BYTES, 0x408);
        d.putLong(p + Layout.PAR_TCACHE_COUNT, 7);
        ByteBuffer h = mem.add(HEAP, 0x21000);
        h.putLong(0x1000 + 8, 0x20001);
        return mem;
    }

    @Test
    void findsMainArenaAndMpByTheirShapeAlone() {
        ArenaFinder.Outcome o = ArenaFinder.find(libcWithHeap(true), List.of(new long[] {DATA, DATA + 0x2000}));
        assertTrue(o.found().isPresent(), o.reason());
        assertEquals(MAIN, o.found().get().main().address());
        assertEquals(1, o.found().get().arenas().size());
        assertEquals(MP, o.found().get().par().address());
        assertEquals(HEAP, o.found().get().par().sbrkBase());
    }

    @Test
    void untouchedMainArenaMeansMallocNotInitialised() {
        ArenaFinder.Outcome o = ArenaFinder.find(libcWithHeap(false), List.of(new long[] {DATA, DATA + 0x2000}));
        assertTrue(o.found().isEmpty());
        assertTrue(o.reason().contains("not initialised"), o.reason());
    }

    @Test
    void windowShiftedInsideTheBinsIsRejected() {
        FakeMemory mem = libcWithHeap(true);
        MallocState shifted = MallocState.parse(mem.read(MAIN + 16, Layout.STATE_SIZE), 0, MAIN + 16);
        // self-linked bins are shift-invariant; next is what anchors the real arena
        assertTrue(shifted.selfLinkedBins() > 100);
        assertTrue(shifted.next() != shifted.address());
    }

    @Test
    void emptyDataFindsNothing() {
        FakeMemory mem = new FakeMemory();
        mem.add(DATA, 0x2000);
        ArenaFinder.Outcome o = ArenaFinder.find(mem, List.of(new long[] {DATA, DATA + 0x2000}));
        assertTrue(o.found().isEmpty());
        assertTrue(o.reason().contains("no glibc main_arena"), o.reason());
    }
}
