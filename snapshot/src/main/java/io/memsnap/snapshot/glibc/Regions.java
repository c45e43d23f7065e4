// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.AddressIndex;
import java.util.ArrayList;
import java.util.List;

/** All heap regions of all arenas, sorted by address, for "which arena owns this chunk" questions. */
final class Regions {
    private final AddressIndex<HeapRegion> sorted;

    Regions(List<ArenaAccount> arenas) {
        List<HeapRegion> all = new ArrayList<>();
        for (ArenaAccount a : arenas) {
            all.addAll(a.regions);
        }
        this.sorted = AddressIndex.of(all, r -> r.start, r -> r.end);
    }

    /** Every region in address order. */
    List<HeapRegion> all() {
        return sorted.all();
    }

    /** The region holding {@code address}, or null. */
    HeapRegion find(long address) {
        return sorted.at(address);
    }

    /** The region holding the chunk at {@code chunk} if it lies in arena {@code arena} and was walked. */
    HeapRegion walked(long chunk, int arena) {
        HeapRegion r = find(chunk);
        return r != null && r.arena == arena && chunk >= r.firstChunk && chunk < r.walkedUntil ? r : null;
    }
}
