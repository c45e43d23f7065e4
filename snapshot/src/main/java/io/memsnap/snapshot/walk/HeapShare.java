// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.walk;

/**
 * The Java heap is one per JVM, and the walks of a capture may run at the same time: on a frozen copy the
 * capture runs the self-contained LuaJIT walk on a second thread beside the glibc and nginx walks. What those hold
 * is not known in advance (glibc's in-use index grows with the target's chunks, its link table up to 28 bytes times
 * its bound of entries, nginx's tables with the pools), so a walk that wants much of the heap does not count on
 * any of it while they run: it holds at most {@code 1/}{@value #BESIDE_DIVISOR} of its room beside them, and for
 * more it waits until they have ended ({@link #mayHold}). The walks that run beside it register while they do
 * ({@link #beside}). A big target is then walked more slowly, never out of memory. Thread-safe.
 */
public final class HeapShare {
    /** A walk beside others holds at most this part of its room (1/4): the rest is left to them. */
    public static final int BESIDE_DIVISOR = 4;
    private static final Object LOCK = new Object();
    private static int running;

    private HeapShare() {}

    /** Registers walks that run beside a self-contained one until {@link Beside#close}. */
    public static Beside beside() {
        synchronized (LOCK) {
            running++;
        }
        return new Beside();
    }

    /**
     * Whether the caller may hold {@code bytes} of the {@code roomBytes} of heap it counts on: at once if they fit in
     * its share beside the registered walks (all of it when none runs); otherwise after those walks have ended (they
     * are bounded), if they fit in the room. False if they do not, or if the thread was interrupted while waiting
     * (the interrupt is kept).
     */
    public static boolean mayHold(long bytes, long roomBytes) {
        if (bytes > roomBytes) {
            return false;
        }
        synchronized (LOCK) {
            if (running == 0 || bytes <= roomBytes / BESIDE_DIVISOR) {
                return true;
            }
            try {
                while (running > 0) {
                    LOCK.wait();
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** The registration of walks running beside another; closing it twice counts once. */
    public static final class Beside implements AutoCloseable {
        private boolean closed;

        private Beside() {}

        @Override
        public void close() {
            synchronized (LOCK) {
                if (!closed) {
                    closed = true;
                    running--;
                    LOCK.notifyAll();
                }
            }
        }
    }
}
