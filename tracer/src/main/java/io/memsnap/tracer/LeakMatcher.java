// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import io.memsnap.snapshot.model.trace.LeakKind;
import io.memsnap.snapshot.model.trace.StackTable;
import io.memsnap.tracer.perf.PerfEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches allocation events with frees (and pool creations with destructions), in time order, per process. What is
 * still outstanding at the end and old enough is leaked. Not thread-safe.
 */
final class LeakMatcher {
    private record Live(int stack, long bytes, long timeNanos, LeakKind kind) {}

    private final StackTable.Builder table = new StackTable.Builder();
    private final Map<Integer, Map<Long, Live>> blocks = new HashMap<>();
    private final Map<Integer, Map<Long, Live>> pools = new HashMap<>();
    private final long weight;
    private long events;
    private long reused;

    LeakMatcher(long weight) {
        this.weight = weight;
    }

    /** Applies one event. */
    void accept(PerfEvent e) {
        events++;
        switch (e.probe()) {
            case "free", "realloc_old" -> live(blocks, e.pid()).remove(e.arg0());
            case "destroy_pool" -> live(pools, e.pid()).remove(e.arg0());
            case "create_pool" -> {
                if (e.arg0() != 0 && e.arg1() > e.arg0()) {
                    add(pools, e, LeakKind.POOL, e.arg1() - e.arg0());
                }
            }
            default -> {
                if (e.returned() && e.arg0() != 0) {
                    add(blocks, e, LeakKind.MALLOC, usableBytes(e.arg1()));
                }
            }
        }
    }

    private void add(Map<Integer, Map<Long, Live>> where, PerfEvent e, LeakKind kind, long bytes) {
        List<String> rootFirst = new ArrayList<>(e.framesLeafFirst().size() + 1);
        for (int i = e.framesLeafFirst().size() - 1; i >= 0; i--) {
            rootFirst.add(e.framesLeafFirst().get(i));
        }
        rootFirst.add(kind == LeakKind.POOL ? "ngx_create_pool" : e.probe());
        int id = table.stack(kind, rootFirst);
        table.allocated(id, bytes, weight);
        // an address handed out again whose free we did not see (filtered or before a lost record)
        if (live(where, e.pid()).put(e.arg0(), new Live(id, bytes, e.timeNanos(), kind)) != null) {
            reused++;
        }
    }

    /** glibc's malloc_usable_size from a chunk's size field: minus the header, two words for an mmapped chunk. */
    static long usableBytes(long sizeField) {
        long size = sizeField & ~7L;
        long overhead = (sizeField & 2) != 0 ? 16 : 8;
        return Math.max(0, size - overhead);
    }

    private static Map<Long, Live> live(Map<Integer, Map<Long, Live>> where, int pid) {
        return where.computeIfAbsent(pid, k -> new HashMap<>());
    }

    /** Events applied so far. */
    long events() {
        return events;
    }

    /** Allocations that landed on an address still outstanding. */
    long reused() {
        return reused;
    }

    /** Marks everything outstanding and allocated at or before {@code cutoffNanos} as leaked; returns the table. */
    StackTable finish(long cutoffNanos) {
        for (Map<Integer, Map<Long, Live>> where : List.of(blocks, pools)) {
            for (Map<Long, Live> m : where.values()) {
                for (Live l : m.values()) {
                    if (l.timeNanos() <= cutoffNanos) {
                        table.leaked(l.stack(), l.bytes(), weight);
                    }
                }
            }
        }
        return table.build();
    }
}
