// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.AddressIndex;
import java.util.ArrayList;
import java.util.List;

/** All heap regions of all arenas, sorted by address, for "which arena owns this chunk" questions. */
final class Regions {
    private final AddressIndex<HeapRegion> sorted;
    /** Lowest start and highest end of all regions: most words that are not heap pointers fail this first. */
    private final long lowest;
    private final long highest;

    Regions(List<ArenaAccount> arenas) {
        List<HeapRegion> all = new ArrayList<>();
        for (ArenaAccount a : arenas) {
            all.addAll(a.regions);
        }
        this.sorted = AddressIndex.of(all, r -> r.start, r -> r.end);
        this.lowest = all.stream().mapToLong(r -> r.start).min().orElse(0);
        this.highest = all.stream().mapToLong(r -> r.end).max().orElse(0);
    }

    /** Every region in address order. */
    List<HeapRegion> all() {
        return sorted.all();
    }

    /** Lowest start of all regions (0 if there are none). */
    long lowest() {
        return lowest;
    }

    /** Highest end of all regions (0 if there are none): no region holds an address at or above it. */
    long highest() {
        return highest;
    }

    /** The region holding {@code address}, or null. */
    HeapRegion find(long address) {
        return address >= lowest && address < highest ? sorted.at(address) : null;
    }

    /** The region holding the chunk at {@code chunk} if it lies in arena {@code arena} and was walked. */
    HeapRegion walked(long chunk, int arena) {
        HeapRegion r = find(chunk);
        return r != null && r.arena == arena && chunk >= r.firstChunk && chunk < r.walkedUntil ? r : null;
    }
}
