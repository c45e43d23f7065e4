// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.Optional;

/**
 * Page residency from {@code /proc/PID/pagemap}: bit 63 of each 8-byte entry is "present in RAM". Confined to one
 * thread; close it to release the file.
 */
public final class PagemapResidency implements Residency, AutoCloseable {
    private static final long PAGE = 4096;
    private final FileChannel channel;

    private PagemapResidency(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens the pagemap of {@code pid}. */
    public static PagemapResidency open(int pid) throws IOException {
        return new PagemapResidency(
                FileChannel.open(Path.of("/proc", Integer.toString(pid), "pagemap"), StandardOpenOption.READ));
    }

    @Override
    public Optional<BitSet> residentPages(long start, long end) {
        int pages = (int) ((end - start) / PAGE);
        BitSet bits = new BitSet(pages);
        ByteBuffer buf = ByteBuffer.allocate(8 * Math.min(pages, 65536)).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        try {
            while (done < pages) {
                int n = Math.min(pages - done, 65536);
                buf.clear().limit(n * 8);
                long pos = (start / PAGE + done) * 8;
                while (buf.hasRemaining()) {
                    if (channel.read(buf, pos + buf.position()) <= 0) {
                        throw new UnreadableMemoryException(start, (int) Math.min(end - start, Integer.MAX_VALUE),
                                "short read from pagemap");
                    }
                }
                buf.flip();
                for (int i = 0; i < n; i++) {
                    if (buf.getLong() < 0) {
                        bits.set(done + i);
                    }
                }
                done += n;
            }
        } catch (IOException e) {
            throw new UnreadableMemoryException(start, (int) Math.min(end - start, Integer.MAX_VALUE),
                    "pagemap: " + e.getMessage());
        }
        return Optional.of(bits);
    }

    @Override
    public long pageSizeBytes() {
        return PAGE;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // read-only file; nothing lost
        }
    }
}
