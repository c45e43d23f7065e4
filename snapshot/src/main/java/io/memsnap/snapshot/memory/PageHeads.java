// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.memory;

import io.memsnap.snapshot.model.Mapping;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one page-start scan of a target: the first two qwords of every resident page of a mapping, read once with
 * scatter reads and kept, so that every walker looking for structures that begin at a page start (glibc's mmapped
 * chunks, LuaJIT's allocator states and direct chunks) shares one pass. Each mapping is scanned on first request;
 * pagemap is read once per mapping. One policy for a pagemap that cannot be read (the mapping went away): the
 * mapping is not scanned, and {@link Scan#pagemapUnreadable} says so. Pages whose two qwords are both zero are not
 * kept (no page-start structure is all zeros), so memory is proportional to the pages in use: 32 bytes each.
 * Thread-safe if its memory and residency are (one lock: a scan asked for by one thread while another scans waits
 * for it and is not made twice), so that an image and its concurrent views share one scan.
 */
public final class PageHeads {
    /** Page heads read per scatter read: bounds the buffers for huge mappings (64 Ki pages, 1 MiB of heads). */
    private static final int BATCH_PAGES = 65536;
    private final Memory memory;
    private final Residency residency;
    private final Map<Long, Scan> scans = new HashMap<>();
    /** Residency per mapping start, read once and shared by the scan and {@link #head}; null: pagemap unreadable. */
    private final Map<Long, Optional<BitSet>> residencies = new HashMap<>();
    /** The mapping {@link #head} was last asked about, its scan (or null) and residency: no lookups per page. */
    private long lastStart = -1;
    private Scan lastScan;
    private Optional<BitSet> lastResident;
    /** Scratch of {@link #head}'s one-page read. */
    private final long[] oneAddress = new long[1];
    private final byte[] oneHead = new byte[16];

    private PageHeads(Memory memory, Residency residency) {
        this.memory = memory;
        this.residency = residency;
    }

    /** Scans of {@code memory}'s pages, made on demand with residency from {@code residency}. */
    public static PageHeads of(Memory memory, Residency residency) {
        return new PageHeads(memory, residency);
    }

    /**
     * The page heads of {@code [start, end)} of one mapping ({@code m}), scanned once.
     *
     * @param m a mapping of the target; the same mapping asked twice is scanned once
     */
    public synchronized Scan in(Mapping m) {
        Scan s = scans.computeIfAbsent(m.start(), k -> scan(m, m.start()));
        if (lastStart == m.start()) {
            lastScan = s;
        }
        return s;
    }

    /**
     * The page heads of mapping {@code m} at and after page {@code from}, for a walker that already knows what lies
     * below it (glibc follows a chain of mmapped chunks from the mapping start and needs the pages only from where
     * the chain breaks): the mapping's scan if {@link #in} already made it (heads below {@code from} included),
     * else a scan of only those pages, which is not kept unless it is the whole mapping. The heads at and after
     * {@code from} are the same either way.
     *
     * @param from a page start inside {@code m}
     */
    public synchronized Scan in(Mapping m, long from) {
        Scan s = scans.get(m.start());
        if (s != null || from <= m.start()) {
            return s != null ? s : in(m);
        }
        return scan(m, from);
    }

    /**
     * The resident pages of mapping {@code m} (bit i: page i; empty if residency is unknown), read from pagemap once
     * per mapping whether {@link #in}, {@link #head} or this asks first.
     *
     * @throws UnreadableMemoryException if pagemap cannot be read for it (then {@link #in} scans nothing of it)
     */
    public synchronized Optional<BitSet> resident(Mapping m) {
        Optional<BitSet> r = residentOrNull(m);
        if (r == null) {
            throw new UnreadableMemoryException(m.start(), (int) Math.min(m.sizeBytes(), Integer.MAX_VALUE),
                    "pagemap of the mapping unreadable");
        }
        return r;
    }

    /** {@link #resident}, null if pagemap cannot be read. */
    private Optional<BitSet> residentOrNull(Mapping m) {
        if (!residencies.containsKey(m.start())) {
            Optional<BitSet> r;
            try {
                r = residency.residentPages(m.start(), m.end());
            } catch (UnreadableMemoryException e) {
                r = null;
            }
            residencies.put(m.start(), r);
        }
        return residencies.get(m.start());
    }

    /**
     * The head of one page of mapping {@code m}, exactly as {@link #in} would give it, without scanning the rest of
     * the mapping: for walkers that can follow a chain of structures from page to page (glibc's mmapped chunks
     * usually fill their mapping) and need the full scan only where the chain breaks. Null where the scan would
     * have no head: a page that is not resident, cannot be read or starts with two zero qwords, or a mapping whose
     * pagemap cannot be read.
     *
     * @param page a page start inside {@code m}
     * @return the page's first and second qword
     */
    public synchronized long[] head(Mapping m, long page) {
        if (lastStart != m.start()) {
            lastStart = m.start();
            lastScan = scans.get(m.start());
            lastResident = residentOrNull(m);
        }
        Scan s = lastScan;
        if (s != null) {
            int k = Arrays.binarySearch(s.addresses, page);
            return k >= 0 ? new long[] {s.first(k), s.second(k)} : null;
        }
        Optional<BitSet> resident = lastResident;
        if (resident == null
                || resident.isPresent() && !resident.get().get((int) ((page - m.start()) / residency.pageSizeBytes()))) {
            return null;
        }
        oneAddress[0] = page;
        if (memory.readEach(oneAddress, 1, 16, oneHead).get(0)) {
            return null;
        }
        long w0 = Bytes.i64(oneHead, 0);
        long w1 = Bytes.i64(oneHead, 8);
        return w0 == 0 && w1 == 0 ? null : new long[] {w0, w1};
    }

    /** Scans the pages of {@code m} from page start {@code from}. */
    private Scan scan(Mapping m, long from) {
        Optional<BitSet> resident = residentOrNull(m);
        if (resident == null) {
            return new Scan(Optional.empty(), new long[0], new long[0], new long[0], new long[0], true);
        }
        long page = residency.pageSizeBytes();
        int pages = (int) (m.sizeBytes() / page);
        int firstPage = (int) ((from - m.start()) / page);
        Collector out = new Collector();
        long[] starts = new long[Math.min(pages - firstPage, BATCH_PAGES)];
        for (int first = firstPage; first < pages; first += BATCH_PAGES) {
            int count = 0;
            for (int i = first; i < Math.min(pages, first + BATCH_PAGES); i++) {
                // headers are written when the structure is made, so their page is resident unless swapped out
                if (resident.isEmpty() || resident.get().get(i)) {
                    starts[count++] = m.start() + i * page;
                }
            }
            byte[] data = new byte[16 * count];
            BitSet failed = memory.readEach(starts, count, 16, data);
            for (int k = 0; k < count; k++) {
                if (failed.get(k)) {
                    out.failed(starts[k]);
                } else {
                    out.head(starts[k], Bytes.i64(data, 16 * k), Bytes.i64(data, 16 * k + 8));
                }
            }
        }
        return out.done(resident);
    }

    /**
     * The scan of one mapping. Heads are in ascending address order.
     *
     * @param resident resident pages of the mapping (bit i: page i), empty if residency is unknown (a core)
     * @param pagemapUnreadable true if pagemap could not be read for the mapping: nothing of it was scanned
     */
    public record Scan(Optional<BitSet> resident, long[] addresses, long[] firstWords, long[] secondWords,
            long[] failedAddresses, boolean pagemapUnreadable) {
        /** Heads kept: resident pages whose first two qwords are not both zero. */
        public int count() {
            return addresses.length;
        }

        /** Page start of head {@code k}. */
        public long address(int k) {
            return addresses[k];
        }

        /** First qword of head {@code k}. */
        public long first(int k) {
            return firstWords[k];
        }

        /** Second qword of head {@code k}. */
        public long second(int k) {
            return secondWords[k];
        }

        /** Page starts that are resident but could not be read (read them again for the reason). */
        public long[] failed() {
            return failedAddresses.clone();
        }
    }

    /** Grows the head arrays of one scan. */
    private static final class Collector {
        private long[] addresses = new long[64];
        private long[] first = new long[64];
        private long[] second = new long[64];
        private long[] failed = new long[0];
        private int count;

        void head(long address, long w0, long w1) {
            if (w0 == 0 && w1 == 0) {
                return;
            }
            if (count == addresses.length) {
                addresses = Arrays.copyOf(addresses, count * 2);
                first = Arrays.copyOf(first, count * 2);
                second = Arrays.copyOf(second, count * 2);
            }
            addresses[count] = address;
            first[count] = w0;
            second[count++] = w1;
        }

        void failed(long address) {
            failed = Arrays.copyOf(failed, failed.length + 1);
            failed[failed.length - 1] = address;
        }

        Scan done(Optional<BitSet> resident) {
            return new Scan(resident, Arrays.copyOf(addresses, count), Arrays.copyOf(first, count),
                    Arrays.copyOf(second, count), failed, false);
        }
    }
}
