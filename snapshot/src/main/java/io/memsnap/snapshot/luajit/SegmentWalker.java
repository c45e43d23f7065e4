// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.memory.PageLedger;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Walks every chunk of every segment of one LuaJIT allocator state. The segment list starts at the record embedded
 * in the state (the newest segment) and continues through records kept in the tails of older segments. In a
 * segment, chunks follow each other by size up to the top chunk or to the fenceposts that close an older
 * segment. A chunk is in use exactly when its own CINUSE bit is set (no fastbins or caches in this allocator).
 * Bounded: at most {@link #MAX_SEGMENTS} segments and one step per 32 bytes of segment.
 */
final class SegmentWalker {
    private static final int MAX_SEGMENTS = 100_000;
    private static final long PAGE = 4096;
    private static final long FENCEPOST_HEAD = 0xb;
    private static final int MS_TOPSIZE = 16;
    private static final int MS_TOP = 32;
    private static final int MS_SEG = 840;

    private final TargetReader reader;
    private final List<String> warnings = new ArrayList<>();
    private long used;
    private long free;
    private long usedChunks;
    private long freeChunks;

    private SegmentWalker(TargetReader reader) {
        this.reader = reader;
    }

    /** Walks the allocator state at {@code mstate}. */
    static AllocatorWalk walk(TargetReader reader, long mstate) {
        return new SegmentWalker(reader).run(mstate);
    }

    private AllocatorWalk run(long mstate) {
        List<Segment> segments = new ArrayList<>();
        long top = 0;
        long topSize = 0;
        try {
            top = reader.u64(mstate + MS_TOP);
            topSize = reader.u64(mstate + MS_TOPSIZE);
            long rec = mstate + MS_SEG;
            boolean cut = false;
            while (rec != 0 && segments.size() < MAX_SEGMENTS) {
                long base = reader.u64(rec);
                long size = reader.u64(rec + 8);
                if (size <= 0 || size % PAGE != 0 || !reader.valid(base, size)) {
                    warnings.add(String.format(Locale.ROOT,
                            "LuaJIT segment record at 0x%x is implausible (base 0x%x, size %d); segment list cut",
                            rec, base, size));
                    cut = true;
                    break;
                }
                segments.add(walkSegment(base, size, top, topSize));
                rec = reader.u64(rec + 16);
            }
            if (rec != 0 && !cut) {
                warnings.add("LuaJIT segment list did not end after " + MAX_SEGMENTS + " segments; cut");
            }
        } catch (UnreadableMemoryException e) {
            warnings.add("LuaJIT segment walk stopped: " + e.getMessage());
        }
        final long topAt = top;
        boolean topInside = segments.stream().anyMatch(s -> topAt >= s.base() && topAt < s.end());
        if (!topInside) {
            warnings.add(String.format(Locale.ROOT, "LuaJIT top chunk 0x%x is outside every segment", topAt));
        }
        return new AllocatorWalk(List.copyOf(segments), used, free + (topInside ? topSize : 0),
                topInside ? topSize : 0, usedChunks, freeChunks, List.copyOf(warnings));
    }

    private Segment walkSegment(long base, long size, long top, long topSize) {
        PageLedger ledger = new PageLedger(base, base + size, PAGE);
        long end = base + size;
        // chunks start where chunk + 16 is 8-aligned: the base itself for page-aligned segments
        long q = base;
        long maxSteps = size / 32 + 1;
        long sz;
        for (long step = 0; q < end && q != top; step++) {
            // page by page while the page budget lasts: in a mostly free heap the heads are far apart
            long head = reader.u64Sparse(q + 8);
            if (head == FENCEPOST_HEAD) {
                break;
            }
            sz = head & ~3L;
            if (step >= maxSteps || sz < 32 || (sz & 7) != 0 || q + sz > end) {
                warnings.add(String.format(Locale.ROOT,
                        "LuaJIT chunk at 0x%x has implausible head 0x%x; rest of segment 0x%x not walked",
                        q, head, base));
                break;
            }
            if ((head & 2) != 0) {
                used += sz;
                usedChunks++;
                ledger.used(q, sz, 1);
            } else {
                free += sz;
                freeChunks++;
                ledger.free(q, sz);
            }
            q += sz;
        }
        if (q == top && top + topSize <= end) {
            ledger.free(top, topSize);
        }
        return new Segment(base, size, ledger);
    }
}
