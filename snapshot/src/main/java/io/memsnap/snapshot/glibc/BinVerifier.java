// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.util.List;
import java.util.Locale;

/**
 * Cross-checks the heap walk against the doubly-linked bins (unsorted, small, large): every bin must lead from its
 * head back to its head through chunks of the arena's walked heaps whose {@code bk} points at the previous one, and
 * the chunks found must be exactly the ones the walk classified free. A list that does not close within the number
 * of free chunks the walk saw (plus one) has a cycle: a warning, never a hang.
 */
final class BinVerifier {
    private final Memory memory;
    private final Regions regions;
    private final long maxSteps;
    private final LinkTable links;

    BinVerifier(Memory memory, Regions regions, long maxSteps, LinkTable links) {
        this.memory = memory;
        this.regions = regions;
        this.maxSteps = maxSteps;
        this.links = links;
    }

    void verify(List<ArenaAccount> arenas) {
        for (int ai = 0; ai < arenas.size(); ai++) {
            verify(ai, arenas.get(ai));
        }
    }

    private void verify(int ai, ArenaAccount a) {
        long walkFree = a.tally.count(ChunkKind.FREE);
        long limit = Math.min(maxSteps, walkFree + 1);
        long count = 0;
        long found = 0;
        for (int i = 1; i < Layout.NBINS; i++) {
            long head = Layout.binHead(a.state.address(), i);
            long prev = head;
            long c = a.state.binFd(i);
            try {
                while (c != head) {
                    HeapRegion r = regions.walked(c, ai);
                    HeapRegion any = r != null ? r : regions.find(c);
                    if (r == null && !a.complete && any != null && any.arena == ai && c >= any.walkedUntil) {
                        // the bin leads into the part of the heap the walk could not reach; already warned
                        return;
                    }
                    if (r == null || (c & 0xf) != 0) {
                        a.warn(String.format(Locale.ROOT, "bin %d links to 0x%x outside the walked heaps", i, c));
                        a.complete = false;
                        return;
                    }
                    if (++count > limit) {
                        a.warn(String.format(Locale.ROOT, "bin %d does not close after %d chunks (cycle)", i, limit));
                        a.complete = false;
                        return;
                    }
                    // links come from the walk's table; a chunk missing there (table full) is read
                    int li = links.find(c);
                    long bk = li >= 0 ? links.second(li) : memory.readLong(c + 24);
                    long fd = li >= 0 ? links.first(li) : memory.readLong(c + 16);
                    if (bk != prev) {
                        a.warn(String.format(Locale.ROOT, "bin %d chunk 0x%x: bk does not point back", i, c));
                        a.complete = false;
                        return;
                    }
                    if (li >= 0) {
                        found++;
                    }
                    prev = c;
                    c = fd;
                }
            } catch (UnreadableMemoryException e) {
                a.warn(String.format(Locale.ROOT, "bin %d unreadable at 0x%x", i, c));
                a.complete = false;
                return;
            }
        }
        // every chunk the walk found free must be on a bin, and nothing else: bins hold exactly the walk's free set
        if (a.complete && !links.full() && (count != walkFree || found != walkFree)) {
            a.warn(String.format(Locale.ROOT, "bins hold %d chunks (%d of them free by the walk), the walk found %d",
                    count, found, walkFree));
        }
    }
}
