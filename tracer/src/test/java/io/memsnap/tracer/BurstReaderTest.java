// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BurstReaderTest {
    @TempDir
    Path dir;

    /**
     * A burst file that cannot be read (perf script failing) is seen by the trace at once, so it stops arming bursts;
     * the files after it are deleted unread, and finishing rethrows the failure.
     */
    @Test
    void aBurstThatCannotBeReadIsSeenAtOnceAndLaterBurstsAreDroppedUnread() throws Exception {
        Path first = Files.createFile(dir.resolve("burst-0.data"));
        Path second = Files.createFile(dir.resolve("burst-1.data"));
        List<Path> read = new CopyOnWriteArrayList<>();
        BurstReader reader = new BurstReader(new LeakMatcher(1), (file, sink) -> {
            read.add(file);
            throw new UncheckedIOException(new IOException("perf script exited with 1"));
        }, () -> {});
        assertFalse(reader.failed(), "before any burst");
        reader.submit(first, 1);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!reader.failed() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(reader.failed(), "the failure is seen while the window lasts");
        reader.submit(second, 1);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, reader::finish);
        assertEquals("perf script exited with 1", e.getCause().getMessage());
        assertEquals(List.of(first), read, "no burst read after the failure");
        assertFalse(Files.exists(first));
        assertFalse(Files.exists(second), "a burst queued after the failure is deleted, not left behind");
    }
}
