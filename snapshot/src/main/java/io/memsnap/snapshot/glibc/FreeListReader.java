// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the singly-linked free lists (fastbins and every thread's tcache, both safe-linked) and re-labels their
 * chunks, which the heap walk counted as in use. Links come from the walk's {@link LinkTable}; only chunks missing
 * there are read from the target. Every pointer must be 16-aligned, inside a walked heap of the right arena and
 * carry the right size; a chunk met twice (a cycle, or two lists sharing it) or a bad pointer ends that list with a
 * warning for its arena. Confined to one thread.
 */
final class FreeListReader {
    private final Memory memory;
    private final Regions regions;
    private final List<ArenaAccount> arenas;
    private final LinkTable links;
    /** The in-use index to drop re-labelled chunks from; null when none is built. */
    private final InUseIndex inUse;
    private final Set<Long> claimedOutsideTable = new HashSet<>();
    private final Set<Integer> unwalkedWarned = new HashSet<>();

    FreeListReader(Memory memory, Regions regions, List<ArenaAccount> arenas, LinkTable links, InUseIndex inUse) {
        this.memory = memory;
        this.regions = regions;
        this.arenas = arenas;
        this.links = links;
        this.inUse = inUse;
    }

    /** Walks {@code fastbinsY[0..9]} of every arena. */
    void fastbins() {
        for (int ai = 0; ai < arenas.size(); ai++) {
            ArenaAccount a = arenas.get(ai);
            long[] heads = a.state.fastbins();
            for (int i = 0; i < heads.length; i++) {
                long p = heads[i];
                try {
                    while (p != 0 && !beyondWalk(p, ai)) {
                        HeapRegion r = regions.walked(p, ai);
                        if ((p & 0xf) != 0 || r == null) {
                            a.warn(String.format(Locale.ROOT, "fastbin[%d] points to 0x%x outside its heaps", i, p));
                            a.complete = false;
                            break;
                        }
                        int li = links.find(p);
                        long size = size(li, p);
                        if (size != 16L * (i + 2)) {
                            a.warn(String.format(Locale.ROOT, "fastbin[%d] chunk 0x%x has size 0x%x", i, p, size));
                            a.complete = false;
                            break;
                        }
                        if (!claim(li, p)) {
                            a.warn(String.format(Locale.ROOT, "fastbin[%d] meets chunk 0x%x twice (cycle)", i, p));
                            a.complete = false;
                            break;
                        }
                        relabel(r, a, p, size, ChunkKind.FASTBIN);
                        p = next(li, p);
                    }
                } catch (UnreadableMemoryException e) {
                    a.warn(String.format(Locale.ROOT, "fastbin[%d] unreadable at 0x%x", i, p));
                    a.complete = false;
                }
            }
        }
    }

    /** Finds tcache_perthread_structs among the 0x290 chunks in use and walks their 64 bins. */
    void tcaches(MallocPar par) {
        for (int ai = 0; ai < arenas.size(); ai++) {
            for (long chunk : arenas.get(ai).tcacheCandidates) {
                byte[] t;
                try {
                    t = memory.read(chunk + 16, Layout.TCACHE_STRUCT_SIZE);
                } catch (UnreadableMemoryException e) {
                    continue;
                }
                if (looksLikeTcache(t, par)) {
                    walkTcache(chunk, t, arenas.get(ai));
                }
            }
        }
    }

    /** Shape check: counts within tcache_count, an entry exactly when the count is non-zero, entries aligned. */
    static boolean looksLikeTcache(byte[] t, MallocPar par) {
        boolean any = false;
        for (int i = 0; i < Layout.TCACHE_BINS; i++) {
            int count = Bytes.u16(t, 2 * i);
            long entry = Bytes.i64(t, Layout.TCACHE_ENTRIES + 8 * i);
            if (count > par.tcacheCount() || (count == 0) != (entry == 0) || (entry & 0xf) != 0) {
                return false;
            }
            any |= count > 0;
        }
        return any;
    }

    private void walkTcache(long structChunk, byte[] t, ArenaAccount owner) {
        for (int i = 0; i < Layout.TCACHE_BINS; i++) {
            int count = Bytes.u16(t, 2 * i);
            long e = Bytes.i64(t, Layout.TCACHE_ENTRIES + 8 * i);
            for (int k = 0; k < count && e != 0; k++) {
                long chunk = e - 16;
                HeapRegion r = regions.find(chunk);
                if (r != null && beyondWalk(chunk, r.arena)) {
                    break;
                }
                if ((e & 0xf) != 0 || r == null || regions.walked(chunk, r.arena) == null) {
                    owner.warn(String.format(Locale.ROOT, "tcache 0x%x bin %d points to 0x%x outside the heaps",
                            structChunk + 16, i, e));
                    break;
                }
                ArenaAccount a = arenas.get(r.arena);
                try {
                    int li = links.find(chunk);
                    long size = size(li, chunk);
                    if (size != 32L + 16L * i) {
                        a.warn(String.format(Locale.ROOT, "tcache bin %d entry 0x%x has size 0x%x", i, e, size));
                        break;
                    }
                    if (!claim(li, chunk)) {
                        a.warn(String.format(Locale.ROOT, "tcache bin %d meets chunk 0x%x twice", i, chunk));
                        break;
                    }
                    relabel(r, a, chunk, size, ChunkKind.TCACHE);
                    e = next(li, chunk);
                } catch (UnreadableMemoryException ex) {
                    a.warn(String.format(Locale.ROOT, "tcache entry 0x%x unreadable", e));
                    break;
                }
            }
        }
    }

    /**
     * The decoded safe-linked word at {@code chunk + 16}: from the walk's table (entry {@code i}), else (-1) from the
     * target.
     */
    private long next(int i, long chunk) {
        return i >= 0 ? links.first(i) : Layout.reveal(chunk + 16, memory.readLong(chunk + 16));
    }

    /** The chunk size at {@code chunk}: from the walk's table (entry {@code i}), else (-1) from the target. */
    private long size(int i, long chunk) {
        return i >= 0 ? links.size(i) : memory.readLong(chunk + 8) & ~Layout.FLAG_MASK;
    }

    /** Claims {@code chunk} (table entry {@code i}, or -1 if it is not in the table); false if it already was. */
    private boolean claim(int i, long chunk) {
        return i >= 0 ? links.claim(i) : claimedOutsideTable.add(chunk);
    }

    /**
     * True for a chunk in the part of its arena's heap the walk could not reach (after corruption): the list is
     * not followed further and the arena gets one warning, not one per list.
     */
    private boolean beyondWalk(long chunk, int arena) {
        HeapRegion r = regions.find(chunk);
        if (r == null || r.arena != arena || chunk < r.walkedUntil || arenas.get(arena).complete) {
            return false;
        }
        if (unwalkedWarned.add(arena)) {
            arenas.get(arena).warn("free-list entries lie in the part of the heap that was not walked; not counted");
        }
        return true;
    }

    private void relabel(HeapRegion r, ArenaAccount a, long chunk, long size, ChunkKind to) {
        a.tally.move(ChunkKind.USED, to, size);
        if (inUse != null) {
            inUse.drop(chunk);
        }
        r.ledger.used(chunk, size, -1);
    }
}
