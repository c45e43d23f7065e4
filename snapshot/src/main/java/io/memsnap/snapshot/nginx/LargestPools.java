// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.snapshot.model.nginx.NginxPool;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The {@code limit} biggest pools offered (most bytes first, ties by address), kept in a bounded heap: only those
 * become {@link NginxPool} records, not every pool of a worker with hundreds of thousands. Confined to one thread.
 */
final class LargestPools {
    private record Entry(PoolFacts facts, Attributor.Attribution attribution) {}

    /** Biggest first, ties by the lower address. */
    private static final Comparator<PoolFacts> ORDER = Comparator.comparingLong(PoolFacts::glibcBytes).reversed()
            .thenComparingLong(f -> f.address);

    private final int limit;
    /** The worst kept pool on top. */
    private final PriorityQueue<Entry> heap;

    LargestPools(int limit) {
        this.limit = limit;
        this.heap = new PriorityQueue<>(Math.max(1, limit + 1), (a, b) -> ORDER.compare(b.facts(), a.facts()));
    }

    void offer(PoolFacts f, Attributor.Attribution a) {
        if (limit == 0) {
            return;
        }
        if (heap.size() == limit) {
            if (ORDER.compare(f, heap.peek().facts()) >= 0) {
                return;
            }
            heap.poll();
        }
        heap.add(new Entry(f, a));
    }

    /** The kept pools, biggest first. */
    List<NginxPool> pools() {
        List<Entry> kept = new ArrayList<>(heap);
        kept.sort((a, b) -> ORDER.compare(a.facts(), b.facts()));
        return kept.stream().map(e -> e.attribution().pool(e.facts())).toList();
    }
}
