// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds {@code main_arena}, {@code mp_} and the ring of thread arenas in libc's writable data without symbols.
 *
 * <p>main_arena: an 8-aligned window whose {@code next} leads, through thread arenas that each sit at a 64 MiB
 * aligned heap + 0x30 with {@code heap_info.ar_ptr} pointing back, to the window itself; whose 127 bins are each
 * either self-linked or link to two 16-aligned chunks; with a plausible {@code top} and {@code system_mem <=
 * max_system_mem}. Self-links alone are not enough (a window shifted by 16 bytes inside the bins array looks
 * self-linked too), which is why the {@code next} anchor comes first. mp_: a window whose fields are all in
 * glibc's ranges and whose {@code sbrk_base + main_arena.system_mem} equals the end of the main arena's top.
 * Exactly one candidate of each must exist, else the walk is refused.
 */
final class ArenaFinder {
    private static final int MAX_ARENAS = 1024;

    private ArenaFinder() {}

    /** The arenas in ring order (main first) and mp_, or why they were not found. */
    record Found(List<MallocState> arenas, MallocPar par) {
        MallocState main() {
            return arenas.get(0);
        }
    }

    /** Outcome: either {@code found} or a {@code reason} for the absence of a heap. */
    record Outcome(Optional<Found> found, String reason) {}

    static Outcome find(Memory memory, List<long[]> writable) {
        List<MallocState> mains = new ArrayList<>();
        List<List<MallocState>> rings = new ArrayList<>();
        boolean uninitialised = false;
        List<byte[]> data = new ArrayList<>();
        for (long[] r : writable) {
            byte[] b;
            try {
                b = memory.read(r[0], (int) (r[1] - r[0]));
            } catch (UnreadableMemoryException e) {
                b = new byte[0];
            }
            data.add(b);
            for (int off = 0; off + Layout.STATE_SIZE <= b.length; off += 8) {
                long a = r[0] + off;
                long next = Bytes.i64(b, off + Layout.STATE_NEXT);
                if (next == 0 || (next & 7) != 0) {
                    continue;
                }
                if (next == a && Bytes.i64(b, off + Layout.STATE_TOP) == 0 && allZeroBins(b, off)) {
                    uninitialised = true;
                    continue;
                }
                MallocState s = MallocState.parse(b, off, a);
                if (!plausibleState(s)) {
                    continue;
                }
                Optional<List<MallocState>> ring = ring(memory, s);
                if (ring.isPresent()) {
                    mains.add(s);
                    rings.add(ring.get());
                }
            }
        }
        if (mains.isEmpty()) {
            return new Outcome(Optional.empty(), uninitialised
                    ? "glibc malloc is not initialised in this process (main_arena untouched)"
                    : "no glibc main_arena found in libc's writable data");
        }
        if (mains.size() > 1) {
            return new Outcome(Optional.empty(), mains.size() + " candidates for glibc main_arena; refusing to guess");
        }
        MallocState main = mains.get(0);
        long topEnd = main.empty() ? 0 : main.top() + (memory.readLong(main.top() + 8) & ~Layout.FLAG_MASK);
        List<MallocPar> pars = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            byte[] b = data.get(i);
            for (int off = 0; off + Layout.PAR_SIZE <= b.length; off += 8) {
                MallocPar p = MallocPar.parse(b, off, writable.get(i)[0] + off);
                if (p.plausible() && matchesMain(p, main, topEnd)) {
                    pars.add(p);
                }
            }
        }
        if (pars.size() != 1) {
            return new Outcome(Optional.empty(), pars.size() + " candidates for glibc mp_ (expected exactly 1)");
        }
        return new Outcome(Optional.of(new Found(rings.get(0), pars.get(0))), "");
    }

    private static boolean allZeroBins(byte[] b, int off) {
        for (int i = Layout.STATE_BINS; i < Layout.STATE_NEXT; i += 8) {
            if (Bytes.i64(b, off + i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Field ranges of an initialised arena. */
    static boolean plausibleState(MallocState s) {
        if ((s.flags() & ~7) != 0 || s.systemMem() < 0 || s.systemMem() > s.maxSystemMem()) {
            return false;
        }
        if (s.top() != Layout.binHead(s.address(), 1) && ((s.top() & 0xf) != 0 || s.top() == 0)) {
            return false;
        }
        for (int i = 1; i < Layout.NBINS; i++) {
            long head = Layout.binHead(s.address(), i);
            long fd = s.binFd(i);
            long bk = s.binBk(i);
            boolean self = fd == head && bk == head;
            boolean linked = fd != head && bk != head && fd != 0 && bk != 0 && (fd & 0xf) == 0 && (bk & 0xf) == 0;
            if (!self && !linked) {
                return false;
            }
        }
        for (long f : s.fastbins()) {
            if ((f & 0xf) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The arena ring starting at {@code main}, if every hop is a well-formed thread arena. */
    private static Optional<List<MallocState>> ring(Memory memory, MallocState main) {
        List<MallocState> ring = new ArrayList<>();
        ring.add(main);
        long x = main.next();
        try {
            while (x != main.address()) {
                if (ring.size() > MAX_ARENAS || (x & (Layout.HEAP_MAX - 1)) != Layout.HEAP_INFO_SIZE) {
                    return Optional.empty();
                }
                long heap = x - Layout.HEAP_INFO_SIZE;
                if (memory.readLong(heap) != x) {
                    return Optional.empty();
                }
                MallocState s = MallocState.parse(memory.read(x, Layout.STATE_SIZE), 0, x);
                if (!plausibleState(s)) {
                    return Optional.empty();
                }
                ring.add(s);
                x = s.next();
            }
        } catch (UnreadableMemoryException e) {
            return Optional.empty();
        }
        return Optional.of(ring);
    }

    private static boolean matchesMain(MallocPar p, MallocState main, long topEnd) {
        if (main.empty()) {
            return p.sbrkBase() == 0 && p.tcacheBins() == Layout.TCACHE_BINS;
        }
        if (main.noncontiguous()) {
            return p.sbrkBase() != 0 && p.tcacheBins() == Layout.TCACHE_BINS;
        }
        return p.sbrkBase() != 0 && p.sbrkBase() + main.systemMem() == topEnd;
    }
}
