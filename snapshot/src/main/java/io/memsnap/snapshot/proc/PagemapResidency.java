// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Page residency from {@code /proc/PID/pagemap} (Documentation/admin-guide/mm/pagemap.rst): one 8-byte entry per
 * virtual page, bit 63 present, bit 62 swapped, bits 0-54 the page frame number (0 unless CAP_SYS_ADMIN).
 *
 * <p>A present entry whose frame is the kernel's shared zero page is not resident memory: smaps does not count it
 * in Rss, and it appears whenever untouched anonymous memory is read. Given the zero page's frame number
 * ({@code zeroPfn}, 0 if unknown), such pages count as not resident. Thread-safe (positional reads, a buffer per call).
 */
public final class PagemapResidency implements Residency, AutoCloseable {
    private static final long PAGE = 4096;
    private static final int CHUNK_PAGES = 65536;
    private static final long PFN_MASK = (1L << 55) - 1;
    /** Extra pagemap reads for swap entries that may be migration entries. */
    private static final int SETTLE_READS = 5;
    private final FileChannel channel;
    private final long zeroPfn;
    /** False when the system has no swap area: then every swap entry is a page in RAM being moved. */
    private final boolean swapConfigured;

    private PagemapResidency(FileChannel channel, long zeroPfn, boolean swapConfigured) {
        this.channel = channel;
        this.zeroPfn = zeroPfn;
        this.swapConfigured = swapConfigured;
    }

    /** Opens the pagemap of {@code pid}; {@code zeroPfn} is the zero page's frame number, 0 if unknown. */
    public static PagemapResidency open(int pid, long zeroPfn) throws IOException {
        return new PagemapResidency(
                FileChannel.open(Path.of("/proc", Integer.toString(pid), "pagemap"), StandardOpenOption.READ),
                zeroPfn, swapConfigured());
    }

    /** True unless {@code /proc/swaps} lists no swap area (unreadable counts as configured: the safe side). */
    static boolean swapConfigured() {
        try {
            return Files.readAllLines(Path.of("/proc/swaps"), StandardCharsets.US_ASCII).size() > 1;
        } catch (IOException e) {
            return true;
        }
    }

    /** True if the entry maps a page with contents of its own in RAM (present and not the zero page). */
    static boolean resident(long entry, long zeroPfn) {
        return entry < 0 && (zeroPfn == 0 || (entry & PFN_MASK) != zeroPfn);
    }

    /** True if the entry says the page is swapped out. */
    static boolean swapped(long entry) {
        return (entry & (1L << 62)) != 0;
    }

    /** The frame number of a present entry (0 when the kernel hides frames). */
    public static long pfn(long entry) {
        return entry & PFN_MASK;
    }

    /**
     * The raw entries for {@code pages} pages starting at page-aligned {@code start}.
     *
     * @throws UnreadableMemoryException if pagemap cannot be read (process gone)
     */
    public long[] entries(long start, int pages) {
        long[] out = new long[pages];
        ByteBuffer buf = ByteBuffer.allocate(8 * Math.min(pages, CHUNK_PAGES)).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        try {
            while (done < pages) {
                int n = Math.min(pages - done, CHUNK_PAGES);
                buf.clear().limit(n * 8);
                long pos = (start / PAGE + done) * 8;
                while (buf.hasRemaining()) {
                    if (channel.read(buf, pos + buf.position()) <= 0) {
                        throw new UnreadableMemoryException(start, pages, "short read from pagemap");
                    }
                }
                buf.flip();
                for (int i = 0; i < n; i++) {
                    out[done + i] = buf.getLong();
                }
                done += n;
            }
        } catch (IOException e) {
            throw new UnreadableMemoryException(start, pages, "pagemap: " + e.getMessage());
        }
        return out;
    }

    /**
     * The state of {@code pages} pages from {@code start}, for readers deciding where to read each page. Unlike
     * {@link #residentPages}, a present entry mapping the zero page is {@link PageStates#RESIDENT} here: reading it
     * through the process maps nothing new, and the zero-page frame number is then not trusted to make bytes up.
     * Only an entry with neither the present nor the swap bit (a migration entry has the swap bit) is absent.
     */
    public PageStates states(long start, int pages) {
        long[] e = entries(start, pages);
        byte[] s = new byte[pages];
        for (int i = 0; i < pages; i++) {
            s[i] = e[i] < 0 ? PageStates.RESIDENT : swapped(e[i]) ? PageStates.SWAPPED : PageStates.ABSENT;
        }
        return new PageStates(s, e, this);
    }

    /**
     * The pages of {@code e} that {@link #residentPages} would call resident, or null if one is a swap entry while
     * swap is configured (residentPages would read it again, see {@link #settledEntries}).
     */
    private BitSet residentUnlessUnsettled(long[] e) {
        BitSet resident = new BitSet(e.length);
        for (int i = 0; i < e.length; i++) {
            if (resident(e[i], zeroPfn) || !swapConfigured && swapped(e[i])) {
                resident.set(i);
            } else if (swapConfigured && swapped(e[i])) {
                return null;
            }
        }
        return resident;
    }

    /**
     * {@link #entries} with swap entries given time to settle. While the kernel migrates a page (compaction, THP
     * collapse or split, NUMA balancing) its entry is a migration entry, which pagemap shows as swapped although
     * the page stays in RAM: a stopped target's pages move all the time under memory pressure (20 compaction
     * rounds moved 40,000 of a stopped 300 MiB heap's 78,000 pages). Read once, such a page would count as not
     * resident, and walkers skip what is not resident (a free chunk's links read as 0, a page start not scanned).
     * Without a swap area (no line in {@code /proc/swaps} but its header) every swap entry is such a page and
     * counts as resident; a migration can last many milliseconds on a busy machine (the migrating thread is
     * preempted; seen in {@code ZeroReadStressIT}). With swap configured, the span holding swap entries is read
     * again, up to {@value #SETTLE_READS} times a millisecond apart, until none is left; what stays a swap entry
     * counts as swapped out (a migration longer than that is then missed). Bounded: at most
     * {@value #SETTLE_READS} ms more.
     */
    long[] settledEntries(long start, int pages) {
        long[] e = entries(start, pages);
        for (int round = 0; round < SETTLE_READS && swapConfigured; round++) {
            int first = -1;
            int last = -1;
            for (int i = 0; i < pages; i++) {
                if (e[i] >= 0 && swapped(e[i])) {
                    first = first < 0 ? i : first;
                    last = i;
                }
            }
            if (first < 0) {
                break;
            }
            LockSupport.parkNanos(1_000_000L);
            long[] again = entries(start + first * PAGE, last - first + 1);
            System.arraycopy(again, 0, e, first, again.length);
        }
        return e;
    }

    @Override
    public Optional<BitSet> residentPages(long start, long end) {
        int pages = (int) ((end - start) / PAGE);
        BitSet bits = new BitSet(pages);
        long[] e = settledEntries(start, pages);
        for (int i = 0; i < pages; i++) {
            if (resident(e[i], zeroPfn) || !swapConfigured && swapped(e[i])) {
                bits.set(i);
            }
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

    /** Per-page state of a range: mapped in RAM (the zero page included), swapped out or migrating, or absent. */
    public static final class PageStates {
        /** The page is mapped in RAM (possibly the shared zero page). */
        public static final byte RESIDENT = 1;
        /** The entry is a swap entry: in swap, or a migration entry while the kernel moves the page. */
        public static final byte SWAPPED = 2;
        /** An empty entry: an anonymous page reads as zeros, a file page comes from its file. */
        public static final byte ABSENT = 0;
        private final byte[] states;
        private final long[] entries;
        private final PagemapResidency pagemap;

        PageStates(byte[] states, long[] entries, PagemapResidency pagemap) {
            this.states = states;
            this.entries = entries;
            this.pagemap = pagemap;
        }

        /**
         * The pages {@link #residentPages} would have called resident from the same entries (bit i: page i), or null
         * if an entry is a swap entry while swap is configured (residentPages would read it again to let a
         * migration settle). Worked out when asked: a new set per call.
         */
        public BitSet resident() {
            return pagemap.residentUnlessUnsettled(entries);
        }

        /** The state of page {@code i} of the range. */
        public byte state(int i) {
            return states[i];
        }
    }
}
