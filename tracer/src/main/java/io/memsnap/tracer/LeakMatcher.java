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
 * still outstanding at the end and old enough is leaked. Without a {@code free} probe, what is outstanding is checked
 * against the chunks the process holds at the end ({@link Liveness}); a later allocation at the same address always
 * supersedes an earlier one. A pool's own block (the malloc inside {@code ngx_create_pool}) is counted once, as the
 * pool. Not thread-safe.
 */
final class LeakMatcher {
    private record Live(int stack, long bytes, long chunkSize, long timeNanos, LeakKind kind, long weight) {}

    private final StackTable.Builder table = new StackTable.Builder();
    private final Map<Integer, Map<Long, Live>> blocks = new HashMap<>();
    private final Map<Integer, Map<Long, Live>> pools = new HashMap<>();
    private long weight;
    private long events;
    private long reused;
    private long freedByWalk;
    private long outstandingBytes;

    LeakMatcher(long weight) {
        this.weight = weight;
    }

    /** Each allocation applied from now on stands for {@code newWeight} (a burst's scale times --sample). */
    void weight(long newWeight) {
        weight = newWeight;
    }

    /** Applies one event. */
    void accept(PerfEvent e) {
        events++;
        switch (e.probe()) {
            case "free", "realloc_old" -> forget(live(blocks, e.pid()).remove(e.arg0()));
            case "destroy_pool" -> forget(live(pools, e.pid()).remove(e.arg0()));
            case "create_pool" -> {
                if (e.arg0() != 0 && e.arg1() > e.arg0()) {
                    // the pool's own block was just recorded as a malloc at the same address: it is the pool
                    Live own = live(blocks, e.pid()).remove(e.arg0());
                    if (own != null) {
                        table.allocated(own.stack(), own.bytes(), -own.weight());
                        outstandingBytes -= own.bytes();
                    }
                    add(pools, e, LeakKind.POOL, e.arg1() - e.arg0(), 0);
                }
            }
            default -> {
                if (e.returned() && e.arg0() != 0) {
                    add(blocks, e, LeakKind.MALLOC, usableBytes(e.arg1()), e.arg1() & ~7L);
                }
            }
        }
    }

    private void add(Map<Integer, Map<Long, Live>> where, PerfEvent e, LeakKind kind, long bytes, long chunkSize) {
        List<String> rootFirst = new ArrayList<>(e.framesLeafFirst().size() + 1);
        for (int i = e.framesLeafFirst().size() - 1; i >= 0; i--) {
            rootFirst.add(e.framesLeafFirst().get(i));
        }
        rootFirst.add(kind == LeakKind.POOL ? "ngx_create_pool" : e.probe());
        int id = table.stack(kind, rootFirst);
        table.allocated(id, bytes, weight);
        // an address handed out again whose free we did not see (filtered or before a lost record)
        Live before = live(where, e.pid()).put(e.arg0(), new Live(id, bytes, chunkSize, e.timeNanos(), kind, weight));
        if (before != null) {
            reused++;
            outstandingBytes -= before.bytes();
        }
        outstandingBytes += bytes;
    }

    private void forget(Live l) {
        if (l != null) {
            outstandingBytes -= l.bytes();
        }
    }

    /** Bytes recorded and not (yet) seen freed: what the progress line shows. */
    long outstandingBytes() {
        return outstandingBytes;
    }

    /** Outstanding allocations that the end-of-window walk found freed. */
    long freedByWalk() {
        return freedByWalk;
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

    /**
     * Marks everything outstanding, allocated at or before {@code cutoffNanos} and (when {@code chunks} is given)
     * still in use at the end, as leaked; returns the table. {@code chunks} maps a pid to the chunks it holds; a pid
     * missing from it (exited) keeps what the events say.
     */
    StackTable finish(long cutoffNanos, Map<Integer, Liveness.Chunks> chunks) {
        for (Map<Integer, Map<Long, Live>> where : List.of(blocks, pools)) {
            for (Map.Entry<Integer, Map<Long, Live>> m : where.entrySet()) {
                Liveness.Chunks held = chunks == null ? null : chunks.get(m.getKey());
                for (Map.Entry<Long, Live> a : m.getValue().entrySet()) {
                    Live l = a.getValue();
                    if (held != null && !stillHeld(held, a.getKey(), l)) {
                        freedByWalk++;
                    } else if (l.timeNanos() <= cutoffNanos) {
                        table.leaked(l.stack(), l.bytes(), l.weight());
                    }
                }
            }
        }
        return table.build();
    }

    /**
     * A block is still held when its pointer starts an in-use chunk of the recorded size; a pool when its pointer
     * starts an in-use chunk that holds the pool's bytes (rounded up by at most a page, for an mmapped chunk).
     */
    static boolean stillHeld(Liveness.Chunks held, long pointer, Live l) {
        long size = held.chunkSizeAt(pointer);
        if (l.kind() == LeakKind.POOL) {
            return size >= l.bytes() && size <= l.bytes() + 4096 + 32;
        }
        return size == l.chunkSize();
    }
}
