// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.walk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A walk beside others holds a quarter of its room at once, and more only after they have ended. */
class HeapShareTest {
    private static final long ROOM = 400 << 20;

    @Test
    void aloneTheWholeRoomAndNoMore() {
        assertTrue(HeapShare.mayHold(ROOM, ROOM));
        assertFalse(HeapShare.mayHold(ROOM + 1, ROOM));
    }

    @Test
    void besideOthersAQuarterAtOnceAndMoreAfterTheyEnd() throws Exception {
        HeapShare.Beside beside = HeapShare.beside();
        try {
            assertTrue(HeapShare.mayHold(ROOM / HeapShare.BESIDE_DIVISOR, ROOM));
            assertFalse(HeapShare.mayHold(ROOM + 1, ROOM), "more than the room: refused at once, no wait");
            AtomicBoolean answered = new AtomicBoolean();
            Thread walk = new Thread(() -> answered.set(HeapShare.mayHold(ROOM / 2, ROOM)));
            walk.start();
            while (walk.getState() != Thread.State.WAITING) {
                assertTrue(walk.isAlive(), "answered without waiting");
                Thread.sleep(1);
            }
            beside.close();
            walk.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(walk.isAlive());
            assertTrue(answered.get());
        } finally {
            beside.close(); // a second close counts once
        }
        assertTrue(HeapShare.mayHold(ROOM, ROOM));
    }

    @Test
    void anInterruptedWaitIsARefusalThatKeepsTheInterrupt() throws Exception {
        try (HeapShare.Beside beside = HeapShare.beside()) {
            CompletableFuture<Boolean[]> result = new CompletableFuture<>();
            Thread walk = new Thread(() -> {
                boolean held = HeapShare.mayHold(ROOM, ROOM);
                result.complete(new Boolean[] {held, Thread.currentThread().isInterrupted()});
            });
            walk.start();
            while (walk.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
            walk.interrupt();
            Boolean[] r = result.get(30, TimeUnit.SECONDS);
            assertEquals(false, r[0]);
            assertEquals(true, r[1]);
        }
    }
}
