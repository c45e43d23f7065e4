// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.snapshot.model.nginx.NginxPool;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The {@code limit} biggest pools of a {@link PoolTable} offered (most bytes first, ties by address), kept in a
 * bounded heap: only those become {@link NginxPool} records, not every pool of a worker with hundreds of thousands.
 * Confined to one thread.
 */
final class LargestPools {
    private record Entry(int index, Attributor.Attribution attribution) {}

    private final PoolTable table;
    private final int limit;
    /** Biggest first, ties by the lower address. */
    private final Comparator<Integer> order;
    /** The worst kept pool on top. */
    private final PriorityQueue<Entry> heap;

    LargestPools(PoolTable table, int limit) {
        this.table = table;
        this.limit = limit;
        this.order = Comparator.<Integer>comparingLong(table::glibcBytes).reversed()
                .thenComparingLong(table::address);
        this.heap = new PriorityQueue<>(Math.max(1, limit + 1), (a, b) -> order.compare(b.index(), a.index()));
    }

    void offer(int i, Attributor.Attribution a) {
        if (limit == 0) {
            return;
        }
        if (heap.size() == limit) {
            Entry worst = heap.peek();
            // most pools are no bigger than the smallest kept one: decided without boxing
            long bytes = table.glibcBytes(i);
            long worstBytes = table.glibcBytes(worst.index());
            if (bytes < worstBytes || bytes == worstBytes && table.address(i) > table.address(worst.index())) {
                return;
            }
            heap.poll();
        }
        heap.add(new Entry(i, a));
    }

    /** The kept pools, biggest first. */
    List<NginxPool> pools() {
        List<Entry> kept = new ArrayList<>(heap);
        kept.sort((a, b) -> order.compare(a.index(), b.index()));
        return kept.stream().map(e -> e.attribution().pool(table, e.index())).toList();
    }
}
