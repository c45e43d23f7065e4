// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.Memory;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads the next block of a forward heap walk on a second thread while the walk parses the current one, so reading
 * and parsing overlap. The {@link Memory} is handed between the two threads, never read by both at once (a read of
 * the walking thread first waits for the one in flight), so any memory works, thread-safe or not. Two buffers
 * alternate: the one the walk parses and the one being filled. A guess that turns out wrong (the walk jumped
 * elsewhere) costs one wasted read, never wrong data; a failed read ahead is repeated synchronously so the caller
 * sees the error. Used by one walking thread; close it to stop the reading thread.
 */
final class ReadAhead implements AutoCloseable {
    private final Memory memory;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "memsnap-glibc-read-ahead");
        t.setDaemon(true);
        return t;
    });
    private byte[] current;
    private byte[] spare;
    private int currentLength;
    private Future<?> pending;
    private long pendingStart;
    private int pendingLength;

    ReadAhead(Memory memory, int blockBytes) {
        this.memory = memory;
        this.current = new byte[blockBytes];
        this.spare = new byte[blockBytes];
    }

    /**
     * Reads {@code [start, start + length)} now into the current buffer and returns it, after the read in flight
     * (a wrong guess) is over: the memory is never read by two threads at once.
     */
    byte[] read(long start, int length) {
        await();
        memory.read(start, current, 0, length);
        currentLength = length;
        return current;
    }

    /**
     * If the block being read ahead covers {@code [address, address + need)}, waits for it, makes it the current
     * buffer and returns its start address; otherwise -1.
     */
    long take(long address, int need) {
        if (pending == null || address < pendingStart || address + need > pendingStart + pendingLength) {
            return -1;
        }
        boolean ok = await();
        if (!ok) {
            return -1;
        }
        byte[] t = current;
        current = spare;
        spare = t;
        currentLength = pendingLength;
        return pendingStart;
    }

    byte[] current() {
        return current;
    }

    int currentLength() {
        return currentLength;
    }

    /** Starts reading {@code [start, start + length)} into the spare buffer. */
    void start(long start, int length) {
        await();
        byte[] target = spare;
        pendingStart = start;
        pendingLength = length;
        pending = thread.submit(() -> memory.read(start, target, 0, length));
    }

    /** Waits for the read in flight, if any; true if it succeeded. */
    private boolean await() {
        if (pending == null) {
            return false;
        }
        try {
            pending.get();
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            pending = null;
        }
    }

    @Override
    public void close() {
        await();
        thread.shutdownNow();
    }
}
