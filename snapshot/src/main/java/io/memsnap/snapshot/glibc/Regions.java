// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** All heap regions of all arenas, sorted by address, for "which arena owns this chunk" questions. */
final class Regions {
    private final List<HeapRegion> sorted;

    Regions(List<ArenaAccount> arenas) {
        List<HeapRegion> all = new ArrayList<>();
        for (ArenaAccount a : arenas) {
            all.addAll(a.regions);
        }
        all.sort(Comparator.comparingLong(r -> r.start));
        this.sorted = List.copyOf(all);
    }

    /** Every region in address order. */
    List<HeapRegion> all() {
        return sorted;
    }

    /** The region holding {@code address}, or null. */
    HeapRegion find(long address) {
        int lo = 0;
        int hi = sorted.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            HeapRegion r = sorted.get(mid);
            if (address < r.start) {
                hi = mid - 1;
            } else if (address >= r.end) {
                lo = mid + 1;
            } else {
                return r;
            }
        }
        return null;
    }

    /** The region holding the chunk at {@code chunk} if it lies in arena {@code arena} and was walked. */
    HeapRegion walked(long chunk, int arena) {
        HeapRegion r = find(chunk);
        return r != null && r.arena == arena && chunk >= r.firstChunk && chunk < r.walkedUntil ? r : null;
    }
}
