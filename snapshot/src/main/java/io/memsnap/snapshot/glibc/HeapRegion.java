// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.PageLedger;
import io.memsnap.snapshot.model.Category;
import java.util.BitSet;
import java.util.Optional;

/**
 * One contiguous piece of an arena: the main heap ({@code [sbrk_base, top end)}) or one thread heap
 * ({@code [heap, heap + heap_info.size)}). Chunks run from {@code firstChunk} to {@code top} (last heap) or to the
 * fenceposts at {@code end}. The walk records how far it got in {@link #walkedUntil}. Confined to one thread.
 */
final class HeapRegion {
    final int arena;
    final long start;
    final long firstChunk;
    final long end;
    /** The arena's top chunk if it lies in this region, else -1. */
    final long top;
    final boolean mainArena;
    final Category from;
    final PageLedger ledger;
    /**
     * Resident pages of the ledger's range (bit i: page i), set when the region has been walked: what the walk's
     * own reads saw where the memory reports it (a live target), read from the image's residency for the rest;
     * empty if unknown.
     */
    Optional<BitSet> resident = Optional.empty();
    /** Chunks below this address were counted by the walk. */
    long walkedUntil;

    HeapRegion(int arena, long start, long firstChunk, long end, long top, boolean mainArena, Category from,
            PageLedger ledger) {
        this.arena = arena;
        this.start = start;
        this.firstChunk = firstChunk;
        this.end = end;
        this.top = top;
        this.mainArena = mainArena;
        this.from = from;
        this.ledger = ledger;
        this.walkedUntil = firstChunk;
    }

    boolean contains(long address) {
        return address >= start && address < end;
    }
}
