// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;

/**
 * Walks the chunks of one heap region in address order, reading it in large blocks and parsing headers straight from
 * the byte array, with no object per chunk (nearly all chunks go through {@link #fastRun}, a loop with its state in
 * locals): an in-use chunk costs one count by size, one comparison that extends the
 * current run of in-use chunks (the page ledger gets one entry per run) and, below 0x410 bytes, a look at its link
 * word. A chunk is free in a bin exactly when the next chunk's PREV_INUSE bit is clear, so each chunk is
 * classified when the next header is read; tcache and fastbin chunks look in use here and are re-labelled later
 * from the {@link LinkTable} this walk fills. Stops with a warning at the first impossible header (size below 32,
 * not a multiple of 16, IS_MMAPPED inside a heap, running past the region). Confined to one thread.
 */
final class RegionWalker {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Largest chunk that can sit in a tcache (and so also in a fastbin). */
    private static final long LIST_CANDIDATE_MAX = 0x410;

    private final Memory memory;
    private final Residency residency;
    private final byte[] block;
    private final int pageShift;
    private final long maxChunks;
    private final LinkTable links;
    private final Regions regions;
    /** Where in-use chunks go for the published index; null when no later walker asked for it. */
    private final InUseIndex inUse;
    private long blockStart = -1;
    private long blockEnd = -1;
    private long chunks;
    /** Counts by size of the arena being walked (see {@link ChunkTally#bySize}). */
    private long[] usedBySize;
    private long[] freeBySize;
    /** In-use chunks next to each other, {@code [runStart, runEnd)}, not yet entered in the page ledger. */
    private long runStart;
    private long runEnd;
    /** Pages of the region being walked (bit i: page i of its ledger) whose residency a block read reported. */
    private BitSet seenPages;
    /** Of those, the resident ones. */
    private BitSet seenResident;
    /** First page of the ledger of the region being walked. */
    private long ledgerStart;

    RegionWalker(Memory memory, Residency residency, int blockBytes, long pageBytes, long maxChunks, LinkTable links,
            Regions regions, InUseIndex inUse) {
        this.memory = memory;
        this.residency = residency;
        this.block = new byte[blockBytes];
        this.pageShift = Long.numberOfTrailingZeros(pageBytes);
        this.maxChunks = maxChunks;
        this.links = links;
        this.regions = regions;
        this.inUse = inUse;
    }

    /**
     * The 64-bit word at {@code address} in region {@code r}, refilling the block forward when needed. The image's
     * memory never faults pages in (a page the target never touched reads as zeros without being mapped), so blocks
     * need not avoid non-resident pages.
     */
    private long word(long address, HeapRegion r) {
        if (address < blockStart || address + 8 > blockEnd) {
            long start = Math.max(r.start, address & -(1L << pageShift));
            long end = Math.min(r.end, start + block.length);
            int n = (int) (end - start);
            blockStart = -1;
            blockEnd = -1;
            BitSet seen = memory.readSeeingResidency(start, block, 0, n);
            blockStart = start;
            blockEnd = start + n;
            if (seen != null) {
                // the reader's own pagemap look at these pages: the ledger's residency needs no second one
                int first = (int) ((start >>> pageShift) - (ledgerStart >>> pageShift));
                int pages = (int) (((start + n - 1) >>> pageShift) - (start >>> pageShift) + 1);
                seenPages.set(first, first + pages);
                seenResident.clear(first, first + pages);
                for (int i = seen.nextSetBit(0); i >= 0 && i < pages; i = seen.nextSetBit(i + 1)) {
                    seenResident.set(first + i);
                }
            }
        }
        return (long) LONG.get(block, (int) (address - blockStart));
    }

    void walk(HeapRegion r, ArenaAccount a) {
        long limit = r.top >= 0 ? r.top : r.end;
        long p = r.firstChunk;
        long top = r.top;
        long pending = -1;
        long pendingSize = 0;
        long fd = 0;
        long bk = 0;
        boolean clean = false;
        // set when the walk must stop after the pending chunk is counted (as in use: nothing says it is free)
        boolean stop = false;
        long walked = chunks;
        ledgerStart = r.start >>> pageShift << pageShift;
        seenPages = new BitSet();
        seenResident = new BitSet();
        usedBySize = a.tally.bySize(ChunkKind.USED);
        freeBySize = a.tally.bySize(ChunkKind.FREE);
        runStart = p;
        runEnd = p;
        try {
            while (true) {
                if (pending >= 0 && !stop) {
                    // the common case runs in a loop of its own with its state in locals (see fastRun)
                    long[] st = cursor;
                    st[P] = p;
                    st[PENDING] = pending;
                    st[PENDING_SIZE] = pendingSize;
                    st[FD] = fd;
                    st[BK] = bk;
                    st[WALKED] = walked;
                    fastRun(r, a, limit, top, st);
                    p = st[P];
                    pending = st[PENDING];
                    pendingSize = st[PENDING_SIZE];
                    fd = st[FD];
                    bk = st[BK];
                    walked = st[WALKED];
                }
                long head = Layout.PREV_INUSE;
                long off = p + 8 - blockStart;
                boolean inBlock = off >= 0 && p + 32 <= blockEnd;
                if (stop) {
                    r.walkedUntil = Math.max(r.walkedUntil, p);
                } else if (inBlock) {
                    // the common case: header and link words are in the block already
                    head = (long) LONG.get(block, (int) off);
                } else {
                    try {
                        head = word(p + 8, r);
                    } catch (UnreadableMemoryException e) {
                        unreadable(r, a, p);
                        stop = true;
                    }
                }
                if (pending >= 0) {
                    // the chunk before p: free exactly when p's PREV_INUSE bit is clear
                    if ((head & Layout.PREV_INUSE) == 0) {
                        free(r, a, pending, pendingSize, fd, bk);
                    } else {
                        usedChunk(r, a, pending, pendingSize, fd);
                    }
                    pending = -1;
                }
                if (stop) {
                    break;
                }
                long size = head & ~Layout.FLAG_MASK;
                if (p == top) {
                    r.walkedUntil = p;
                    top(r, a, p, size);
                    clean = true;
                    break;
                }
                if (top < 0 && size == 16) {
                    // fenceposts closing an older heap: a 16-byte chunk, then a header of size 0
                    a.metadataBytes += r.end - p;
                    r.ledger.metadata(p, r.end - p);
                    r.walkedUntil = r.end;
                    clean = true;
                    break;
                }
                if (size < Layout.MIN_CHUNK || (size & 0xf) != 0 || size > limit - p
                        || (head & Layout.IS_MMAPPED) != 0) {
                    r.walkedUntil = p;
                    a.warn(String.format(Locale.ROOT, "bad chunk header 0x%x at 0x%x; rest of heap 0x%x not walked",
                            head, p, r.start));
                    a.complete = false;
                    break;
                }
                if (++walked > maxChunks) {
                    r.walkedUntil = p;
                    a.warn("chunk limit " + maxChunks + " reached; walk stopped");
                    a.complete = false;
                    break;
                }
                if (inBlock) {
                    fd = (long) LONG.get(block, (int) off + 8);
                    bk = (long) LONG.get(block, (int) off + 16);
                } else {
                    fd = word(p + 16, r);
                    bk = word(p + 24, r);
                }
                pending = p;
                pendingSize = size;
                p += size;
                if (p + 16 > limit && p != top) {
                    r.walkedUntil = p;
                    a.warn(String.format(Locale.ROOT, "chunk walk reached 0x%x without meeting top or fencepost", p));
                    a.complete = false;
                    stop = true;
                }
            }
        } catch (UnreadableMemoryException e) {
            // the link words of chunk p: p itself is not counted
            unreadable(r, a, p);
        }
        chunks = walked;
        flushRun(r);
        if (!clean && r.walkedUntil < r.end) {
            // what was not walked may hold anything: its pages count as used, never as free
            r.ledger.used(r.walkedUntil, r.end - r.walkedUntil, 1);
        }
        r.resident = resident(r, a);
    }

    /**
     * The region's resident pages: what the block reads saw (see {@link Memory#readSeeingResidency}), and for the
     * pages no read reported (not read, such as most of top, or a memory that does not report: a copy, a core) the
     * image's residency. Empty if unknown.
     */
    private Optional<BitSet> resident(HeapRegion r, ArenaAccount a) {
        long pageEnd = (r.end + (1L << pageShift) - 1) >>> pageShift << pageShift;
        int pages = (int) ((pageEnd - ledgerStart) >>> pageShift);
        BitSet bits = seenResident;
        try {
            for (int i = seenPages.nextClearBit(0); i < pages; i = seenPages.nextClearBit(i)) {
                int j = seenPages.nextSetBit(i);
                j = j < 0 || j > pages ? pages : j;
                Optional<BitSet> part = residency.residentPages(ledgerStart + ((long) i << pageShift),
                        ledgerStart + ((long) j << pageShift));
                if (part.isEmpty()) {
                    return Optional.empty();
                }
                BitSet p = part.get();
                for (int k = p.nextSetBit(0); k >= 0 && k < j - i; k = p.nextSetBit(k + 1)) {
                    bits.set(i + k);
                }
                i = j;
            }
        } catch (UnreadableMemoryException e) {
            a.warn(String.format(Locale.ROOT, "page residency of 0x%x-0x%x unreadable", ledgerStart, pageEnd));
            return Optional.empty();
        }
        return Optional.of(bits);
    }

    /** The walk's state handed to and back from {@link #fastRun}, at these indices. */
    private final long[] cursor = new long[6];
    private static final int P = 0;
    private static final int PENDING = 1;
    private static final int PENDING_SIZE = 2;
    private static final int FD = 3;
    private static final int BK = 4;
    private static final int WALKED = 5;

    /**
     * The loop of {@link #walk} for the common case, for as long as it lasts: chunk {@code p}'s header and link
     * words lie in the block, {@code p} is not top, its header is plausible, the chunk after it ends before the
     * limit and the chunk limit is not reached. Does for each such chunk exactly what the general loop does (the
     * chunk before it, pending, is counted as in use or free), but with the block, the counts and the run of in-use
     * chunks in locals (the general loop keeps them in fields, which the JIT must store on every chunk); stops
     * before the first chunk that is anything else, and the general loop takes that one. Per in-use chunk: one
     * header and one link word read, one count, and a call only for a chunk whose link decodes to 0 or into a heap
     * (a possible tcache or fastbin entry) or that may be a tcache_perthread_struct. {@code st}: the walk's state
     * (see {@link #cursor}), updated in place.
     */
    private void fastRun(HeapRegion r, ArenaAccount a, long limit, long top, long[] st) {
        long p = st[P];
        final byte[] b = block;
        final long bs = blockStart;
        if (p + 8 < bs) {
            return;
        }
        long pending = st[PENDING];
        long pendingSize = st[PENDING_SIZE];
        long fd = st[FD];
        long bk = st[BK];
        long walked = st[WALKED];
        // p stays in the loop while p + 32 <= blockEnd and p != top (p never passes top: next <= limit = top)
        final long last = Math.min(blockEnd - 32, top >= 0 ? top - 1 : Long.MAX_VALUE);
        final long lowest = regions.lowest();
        final long highest = regions.highest();
        final long[] used = usedBySize;
        final InUseIndex index = inUse;
        long rs = runStart;
        long re = runEnd;
        while (p <= last && walked < maxChunks) {
            int off = (int) (p - bs);
            long head = (long) LONG.get(b, off + 8);
            long size = head & ~Layout.FLAG_MASK;
            // the flag bits but NON_MAIN_ARENA: PREV_INUSE may be clear (then pending is free), IS_MMAPPED and bit
            // 3 (a size not a multiple of 16) may not be set
            long flags = head & (Layout.FLAG_MASK & ~Layout.NON_MAIN_ARENA | 8);
            if ((flags & ~Layout.PREV_INUSE) != 0 || size < Layout.MIN_CHUNK || size > limit - p) {
                break;
            }
            long next = p + size;
            if (next > limit - 16 && next != top) {
                break;
            }
            if (flags == 0) {
                // the chunk before p is free: its run of in-use neighbours ends before it
                if (re > rs) {
                    r.ledger.used(rs, re - rs, 1);
                }
                rs = pending + pendingSize;
                re = rs;
                free(r, a, pending, pendingSize, fd, bk);
            } else {
                count(a, used, index, pending, pendingSize);
                if (pending != re) {
                    if (re > rs) {
                        r.ledger.used(rs, re - rs, 1);
                    }
                    rs = pending;
                }
                re = pending + pendingSize;
                // exactly the chunks for which candidates() records something, so that most make no call
                if (pendingSize <= LIST_CANDIDATE_MAX) {
                    long link = Layout.reveal(pending + 16, fd);
                    if ((link & 0xf) == 0 && (link == 0 || link >= lowest && link < highest)
                            || pendingSize == Layout.TCACHE_STRUCT_CHUNK) {
                        candidates(r, a, pending, pendingSize, fd);
                    }
                }
            }
            fd = (long) LONG.get(b, off + 16);
            bk = (long) LONG.get(b, off + 24);
            walked++;
            pending = p;
            pendingSize = size;
            p = next;
        }
        runStart = rs;
        runEnd = re;
        st[P] = p;
        st[PENDING] = pending;
        st[PENDING_SIZE] = pendingSize;
        st[FD] = fd;
        st[BK] = bk;
        st[WALKED] = walked;
    }

    /** An in-use chunk met by the general loop of {@link #walk} ({@link #fastRun} does the same in locals). */
    private void usedChunk(HeapRegion r, ArenaAccount a, long chunk, long size, long fd) {
        count(a, usedBySize, inUse, chunk, size);
        if (chunk != runEnd) {
            flushRun(r);
            runStart = chunk;
        }
        runEnd = chunk + size;
        candidates(r, a, chunk, size, fd);
    }

    /** Counts an in-use chunk by size ({@code used}: the arena's counts by size) and in the index if one is built. */
    private static void count(ArenaAccount a, long[] used, InUseIndex index, long chunk, long size) {
        if (size < ChunkTally.SMALL_LIMIT) {
            used[(int) (size >>> 4)]++;
        } else {
            a.tally.add(ChunkKind.USED, size);
        }
        if (index != null) {
            index.add(chunk, size);
        }
    }

    /** An in-use chunk small enough to sit in a tcache or fastbin, or to be a tcache_perthread_struct. */
    private void candidates(HeapRegion r, ArenaAccount a, long chunk, long size, long fd) {
        if (size <= LIST_CANDIDATE_MAX) {
            // a tcache or fastbin entry has a 0 or 16-aligned (decoded) link: most chunks fail here
            long next = Layout.reveal(chunk + 16, fd);
            if ((next & 0xf) == 0) {
                listCandidate(r, chunk, size, next);
            }
            if (size == Layout.TCACHE_STRUCT_CHUNK) {
                tcacheCandidate(a, chunk);
            }
        }
    }

    private static void unreadable(HeapRegion r, ArenaAccount a, long p) {
        r.walkedUntil = p;
        a.warn(String.format(Locale.ROOT, "unreadable memory at 0x%x while walking heap 0x%x", p, r.start));
        a.complete = false;
    }

    /** A chunk in a bin: the next chunk's PREV_INUSE bit is clear. */
    private void free(HeapRegion r, ArenaAccount a, long chunk, long size, long fd, long bk) {
        if (size < ChunkTally.SMALL_LIMIT) {
            freeBySize[(int) (size >>> 4)]++;
        } else {
            a.tally.add(ChunkKind.FREE, size);
        }
        links.add(chunk, size, fd, bk);
        // malloc_trim keeps the first sizeof(struct malloc_chunk) bytes and releases whole pages after them
        r.ledger.trimmable(chunk + Layout.MALLOC_CHUNK_STRUCT, chunk + size);
    }

    /** An in-use chunk of 0x290 bytes: maybe a thread's tcache_perthread_struct. */
    private static void tcacheCandidate(ArenaAccount a, long chunk) {
        if (a.tcacheCandidates.size() < 100_000) {
            a.tcacheCandidates.add(chunk);
        }
    }

    /**
     * A small chunk that looks in use may sit in a tcache or fastbin: keep its decoded link {@code next} (0 or
     * 16-aligned) if it points into a heap.
     */
    private void listCandidate(HeapRegion r, long chunk, long size, long next) {
        if (next == 0 || r.contains(next) || regions.find(next) != null) {
            links.add(chunk, size, next, 0);
        }
    }

    /** Enters the run of in-use chunks met so far in the page ledger: one call per run, not one per chunk. */
    private void flushRun(HeapRegion r) {
        if (runEnd > runStart) {
            r.ledger.used(runStart, runEnd - runStart, 1);
        }
        runStart = runEnd;
    }

    private void top(HeapRegion r, ArenaAccount a, long top, long size) {
        a.topBytes += size;
        if (top + size != r.end) {
            a.warn(String.format(Locale.ROOT, "top 0x%x + size 0x%x does not end the heap at 0x%x", top, size, r.end));
            a.complete = false;
        }
        if (r.mainArena && size > Layout.MIN_CHUNK + 1) {
            // systrim(0) releases whole pages of top beyond MINSIZE + 1 bytes
            long release = (size - Layout.MIN_CHUNK - 1) >>> pageShift << pageShift;
            r.ledger.trimmable(top + size - release, top + size);
        }
    }
}
