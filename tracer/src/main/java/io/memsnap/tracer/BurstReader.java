// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.MemsnapException.Kind;
import io.memsnap.tracer.perf.PerfEvent;
import io.memsnap.tracer.perf.Priority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Reads finished bursts off the tracing thread: one thread, at {@code SCHED_IDLE} while the window lasts, runs the
 * burst files in order through {@code read} (perf script, itself at idle priority, and the matcher) and deletes
 * them. On a machine whose CPUs the target and its load keep busy the reading waits until they idle, at the latest
 * until {@link #finish}, which puts it back at normal priority and waits for the rest; so is a backlog of
 * {@link #MAX_PENDING} files (each holds tens of MB of copied stacks). Each file carries the weight its allocations
 * stand for. The matcher is touched by this thread only, until {@link #finish} returns.
 */
final class BurstReader {
    /** Files waiting beyond which the reading is no longer deferred. */
    static final int MAX_PENDING = 4;
    private static final Job END = new Job(null, 0);

    private record Job(Path file, long weight) {}

    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final BiConsumer<Path, Consumer<PerfEvent>> read;
    private final LeakMatcher matcher;
    private final TrampolineSplicer splicer;
    private final Runnable normalPriority;
    private final Thread thread;
    private volatile long tid = -1;
    private volatile boolean idle = true;
    private volatile long events;
    private volatile long outstandingBytes;
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Throwable failure;

    /**
     * Starts the reading thread. {@code read} hands a file's events in time order to its sink; {@code normalPriority}
     * puts the reading's helper processes back at normal priority (perf script's).
     */
    BurstReader(LeakMatcher matcher, BiConsumer<Path, Consumer<PerfEvent>> read, Runnable normalPriority) {
        this.matcher = matcher;
        this.read = read;
        this.normalPriority = normalPriority;
        this.splicer = new TrampolineSplicer(matcher::accept);
        thread = new Thread(this::run, "memsnap-burst-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a finished burst whose allocations each stand for {@code weight}. */
    void submit(Path file, long weight) {
        queue.add(new Job(file, weight));
        if (pending.incrementAndGet() >= MAX_PENDING) {
            promote();
        }
    }

    /** Events read so far (for the progress line). */
    long events() {
        return events;
    }

    /** Bytes recorded and not seen freed so far, unscaled (for the progress line). */
    long outstandingBytes() {
        return outstandingBytes;
    }

    /** True while the reading still runs at idle priority. */
    boolean idle() {
        return idle;
    }

    /**
     * Reads what is left at normal priority and stops the thread; returns the milliseconds that took. Rethrows what
     * the reading failed with.
     */
    long finish() {
        long t0 = System.nanoTime();
        promote();
        queue.add(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemsnapException(Kind.INTERNAL, "interrupted while reading the bursts", e);
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure != null) {
            throw new MemsnapException(Kind.INTERNAL, "reading the bursts failed: " + failure, failure);
        }
        return (System.nanoTime() - t0) / 1_000_000L;
    }

    private void promote() {
        if (idle) {
            idle = false;
            Priority.normal(tid);
            normalPriority.run();
        }
    }

    private void run() {
        long me = Priority.idleCurrentThread();
        tid = me;
        if (!idle) {
            Priority.normal(me); // promoted before this thread got to lower itself
        }
        try {
            for (Job j = queue.take(); j != END; j = queue.take()) {
                try {
                    if (failure == null) {
                        matcher.weight(j.weight());
                        read.accept(j.file(), splicer);
                        splicer.flush();
                        events = matcher.events();
                        outstandingBytes = matcher.outstandingBytes();
                    }
                } catch (RuntimeException e) {
                    failure = e; // finish() rethrows it; later bursts are not read, only deleted
                }
                pending.decrementAndGet();
                deleteQuietly(j.file());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once reading a burst failed: the trace stops taking bursts, and {@link #finish} rethrows it. */
    boolean failed() {
        return failure != null;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left for the trace's directory, which goes as a whole
        }
    }
}
