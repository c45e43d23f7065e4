// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.util.Locale;

/**
 * Walks the chunks of one heap region in address order, reading it in large blocks. A chunk is free in a bin
 * exactly when the next chunk's PREV_INUSE bit is clear, so each chunk is classified when the next header is
 * read; tcache and fastbin chunks look in use here and are re-labelled later. Stops with a warning at the first
 * impossible header (size below 32, not a multiple of 16, IS_MMAPPED inside a heap, running past the region).
 */
final class RegionWalker {
    private final BlockReader reader;
    private final long pageBytes;
    private final long maxChunks;
    private long chunks;

    RegionWalker(Memory memory, int blockBytes, long pageBytes, long maxChunks) {
        this.reader = new BlockReader(memory, blockBytes, 1);
        this.pageBytes = pageBytes;
        this.maxChunks = maxChunks;
    }

    void walk(HeapRegion r, ArenaAccount a) {
        long limit = r.top >= 0 ? r.top : r.end;
        long p = r.firstChunk;
        long pending = -1;
        long pendingSize = 0;
        boolean clean = false;
        try {
            while (true) {
                if (p == r.top) {
                    long head = reader.u64(p + 8, r.end);
                    resolve(r, a, pending, pendingSize, (head & Layout.PREV_INUSE) == 0);
                    pending = -1;
                    top(r, a, p, head & ~Layout.FLAG_MASK);
                    clean = true;
                    break;
                }
                if (p + 16 > limit) {
                    a.warn(String.format(Locale.ROOT, "chunk walk reached 0x%x without meeting top or fencepost", p));
                    a.complete = false;
                    break;
                }
                long head = reader.u64(p + 8, r.end);
                long size = head & ~Layout.FLAG_MASK;
                if (pending >= 0) {
                    resolve(r, a, pending, pendingSize, (head & Layout.PREV_INUSE) == 0);
                    pending = -1;
                }
                if (r.top < 0 && size == 16) {
                    // fenceposts closing an older heap: a 16-byte chunk, then a header of size 0
                    a.metadataBytes += r.end - p;
                    r.ledger.metadata(p, r.end - p);
                    r.walkedUntil = r.end;
                    clean = true;
                    break;
                }
                if (size < Layout.MIN_CHUNK || (size & 0xf) != 0 || p + size > limit
                        || (head & Layout.IS_MMAPPED) != 0) {
                    a.warn(String.format(Locale.ROOT, "bad chunk header 0x%x at 0x%x; rest of heap 0x%x not walked",
                            head, p, r.start));
                    a.complete = false;
                    break;
                }
                if (++chunks > maxChunks) {
                    a.warn("chunk limit " + maxChunks + " reached; walk stopped");
                    a.complete = false;
                    break;
                }
                pending = p;
                pendingSize = size;
                p += size;
                r.walkedUntil = p;
            }
        } catch (UnreadableMemoryException e) {
            a.warn(String.format(Locale.ROOT, "unreadable memory at 0x%x while walking heap 0x%x", p, r.start));
            a.complete = false;
        }
        if (pending >= 0) {
            resolve(r, a, pending, pendingSize, false);
        }
        if (!clean && r.walkedUntil < r.end) {
            // what was not walked may hold anything: its pages count as used, never as free
            r.ledger.used(r.walkedUntil, r.end - r.walkedUntil, 1);
        }
    }

    private void resolve(HeapRegion r, ArenaAccount a, long chunk, long size, boolean free) {
        if (chunk < 0) {
            return;
        }
        if (free) {
            a.tally.add(ChunkKind.FREE, size);
            // malloc_trim keeps the first sizeof(struct malloc_chunk) bytes and releases whole pages after them
            r.ledger.trimmable(chunk + Layout.MALLOC_CHUNK_STRUCT, chunk + size);
        } else {
            a.tally.add(ChunkKind.USED, size);
            r.ledger.used(chunk, size, 1);
            if (size == Layout.TCACHE_STRUCT_CHUNK && a.tcacheCandidates.size() < 100_000) {
                a.tcacheCandidates.add(chunk);
            }
        }
    }

    private void top(HeapRegion r, ArenaAccount a, long top, long size) {
        a.topBytes += size;
        r.walkedUntil = top;
        if (top + size != r.end) {
            a.warn(String.format(Locale.ROOT, "top 0x%x + size 0x%x does not end the heap at 0x%x", top, size, r.end));
            a.complete = false;
        }
        if (r.mainArena && size > Layout.MIN_CHUNK + 1) {
            // systrim(0) releases whole pages of top beyond MINSIZE + 1 bytes
            long release = (size - Layout.MIN_CHUNK - 1) / pageBytes * pageBytes;
            r.ledger.trimmable(top + size - release, top + size);
        }
    }
}
