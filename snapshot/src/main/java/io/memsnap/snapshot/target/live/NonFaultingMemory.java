// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import io.memsnap.snapshot.memory.AddressIndex;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.proc.PagemapResidency;
import io.memsnap.snapshot.proc.PagemapResidency.PageStates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a live target without changing its page tables. A plain {@code process_vm_readv} of a page the target never
 * touched makes the kernel map the shared zero page (or a file page) into the target: pagemap then reports it, and
 * file-backed Rss grows. This reader asks pagemap first: resident and swapped pages are read from the process; an
 * absent page of a private anonymous mapping is zeros; an absent page of a file or shared mapping is read from
 * {@code /proc/PID/map_files/START-END}, which goes through the page cache without touching the target's page
 * tables. Thread-safe if the inner memory is (pagemap and map_files are read with positional reads).
 */
final class NonFaultingMemory implements Memory {
    private static final long PAGE = 4096;
    /** Pagemap entries read at once by a scatter read (512 KiB of entries, 1 GiB of address space). */
    private static final long MAX_RUN_PAGES = 65536;
    private final int pid;
    private final Memory inner;
    private final PagemapResidency pagemap;
    private final AddressIndex<Mapping> mappings;
    private final Map<Mapping, FileChannel> files = new HashMap<>(); // guarded by itself

    NonFaultingMemory(int pid, Memory inner, PagemapResidency pagemap, List<Mapping> mappings) {
        this.pid = pid;
        this.inner = inner;
        this.pagemap = pagemap;
        this.mappings = AddressIndex.of(mappings, Mapping::start, Mapping::end);
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        readAll(address, dst, offset, length, null);
    }

    /** The pagemap entries each read asks for anyway give the residency of the pages read. */
    @Override
    public BitSet readSeeingResidency(long address, byte[] dst, int offset, int length) {
        BitSet seen = new BitSet();
        return readAll(address, dst, offset, length, seen) ? seen : null;
    }

    /**
     * Reads, and where {@code seen} is not null sets in it the resident pages (counted from the page of
     * {@code address}); false if a page's residency was left open (see {@link PageStates#resident}).
     */
    private boolean readAll(long address, byte[] dst, int offset, int length, BitSet seen) {
        long pos = address;
        long end = address + length;
        boolean settled = true;
        while (pos < end) {
            Mapping m = mappings.at(pos);
            if (m == null || !m.readable()) {
                throw new UnreadableMemoryException(address, length,
                        String.format(Locale.ROOT, "0x%x is not in a readable mapping", pos));
            }
            long runEnd = Math.min(end, m.end());
            settled &= readInMapping(m, pos, runEnd, dst, offset + (int) (pos - address), address, length, seen);
            pos = runEnd;
        }
        return settled;
    }

    /**
     * Reads {@code [from, to)} of one mapping, page state by page state, noting resident pages in {@code seen}
     * (unless null; page 0 is that of {@code address}); false if a page's residency was left open.
     */
    private boolean readInMapping(Mapping m, long from, long to, byte[] dst, int dstOff, long address, int length,
            BitSet seen) {
        long firstPage = from & -PAGE;
        int pages = (int) ((to - 1 - firstPage) / PAGE + 1);
        PageStates states = pagemap.states(firstPage, pages);
        BitSet resident = seen == null ? null : states.resident();
        if (resident != null) {
            int base = (int) ((firstPage - (address & -PAGE)) / PAGE);
            for (int i = resident.nextSetBit(0); i >= 0; i = resident.nextSetBit(i + 1)) {
                seen.set(base + i);
            }
        }
        long pos = from;
        while (pos < to) {
            int i = (int) ((pos - firstPage) / PAGE);
            byte s = states.state(i);
            long runEnd = firstPage + (i + 1) * PAGE;
            while (runEnd < to && states.state((int) ((runEnd - firstPage) / PAGE)) == s) {
                runEnd += PAGE;
            }
            runEnd = Math.min(runEnd, to);
            int off = dstOff + (int) (pos - from);
            int n = (int) (runEnd - pos);
            if (s != PageStates.ABSENT) {
                inner.read(pos, dst, off, n);
            } else if (m.inode() == 0 && !m.shared()) {
                Arrays.fill(dst, off, off + n, (byte) 0);
            } else {
                readFile(m, pos, dst, off, n, address, length);
            }
            pos = runEnd;
        }
        return seen == null || resident != null;
    }

    /**
     * Scatter read with the same page rules as {@link #read}: one pagemap read per run of ascending addresses in
     * one mapping, then the ranges on resident or swapped pages go to the process in bulk, ranges on absent
     * anonymous pages are zeros, and anything else (another mapping's file page, a range crossing a page) takes
     * the plain {@link #read} path.
     */
    @Override
    public BitSet readEach(long[] addresses, int count, int length, byte[] dst) {
        BitSet failed = new BitSet();
        long[] bulk = new long[count];
        int[] bulkIndex = new int[count];
        int bulkCount = 0;
        int i = 0;
        while (i < count) {
            long a = addresses[i];
            Mapping m = mappings.at(a);
            if (m == null || !m.readable() || length <= 0 || (a & -PAGE) != ((a + length - 1) & -PAGE)) {
                readOne(addresses, i, length, dst, failed);
                i++;
                continue;
            }
            int j = runEnd(addresses, i, count, length, m);
            long firstPage = a & -PAGE;
            PageStates states = pagemap.states(firstPage, (int) ((addresses[j - 1] - firstPage) / PAGE + 1));
            for (int k = i; k < j; k++) {
                byte st = states.state((int) ((addresses[k] - firstPage) / PAGE));
                if (st != PageStates.ABSENT) {
                    bulk[bulkCount] = addresses[k];
                    bulkIndex[bulkCount++] = k;
                } else if (m.inode() == 0 && !m.shared()) {
                    Arrays.fill(dst, k * length, (k + 1) * length, (byte) 0);
                } else {
                    readOne(addresses, k, length, dst, failed);
                }
            }
            i = j;
        }
        byte[] got = new byte[bulkCount * length];
        BitSet bad = inner.readEach(bulk, bulkCount, length, got);
        for (int k = 0; k < bulkCount; k++) {
            if (bad.get(k)) {
                failed.set(bulkIndex[k]);
            } else {
                System.arraycopy(got, k * length, dst, bulkIndex[k] * length, length);
            }
        }
        return failed;
    }

    /** End (exclusive) of the run from {@code i}: ascending, page-contained, in mapping {@code m}, span bounded. */
    private static int runEnd(long[] addresses, int i, int count, int length, Mapping m) {
        long first = addresses[i] & -PAGE;
        int j = i + 1;
        while (j < count && addresses[j] > addresses[j - 1] && m.contains(addresses[j])
                && addresses[j] - first < MAX_RUN_PAGES * PAGE
                && (addresses[j] & -PAGE) == ((addresses[j] + length - 1) & -PAGE)) {
            j++;
        }
        return j;
    }

    private void readOne(long[] addresses, int i, int length, byte[] dst, BitSet failed) {
        try {
            read(addresses[i], dst, i * length, length);
        } catch (UnreadableMemoryException e) {
            failed.set(i);
        }
    }

    private void readFile(Mapping m, long pos, byte[] dst, int off, int n, long address, int length) {
        try {
            FileChannel ch;
            synchronized (files) {
                ch = files.get(m);
                if (ch == null) {
                    Path p = Path.of("/proc", Integer.toString(pid), "map_files",
                            String.format(Locale.ROOT, "%x-%x", m.start(), m.end()));
                    ch = FileChannel.open(p, StandardOpenOption.READ);
                    files.put(m, ch);
                }
            }
            ByteBuffer buf = ByteBuffer.wrap(dst, off, n);
            long filePos = m.offset() + (pos - m.start());
            while (buf.hasRemaining()) {
                int r = ch.read(buf, filePos + (buf.position() - off));
                if (r < 0) {
                    // past the end of the file a mapping reads as zeros (the kernel would SIGBUS; we do not care)
                    Arrays.fill(dst, buf.position(), off + n, (byte) 0);
                    break;
                }
            }
        } catch (IOException e) {
            throw new UnreadableMemoryException(address, length, "non-resident page of " + m.path()
                    + " could not be read from its file without touching the target: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        List<FileChannel> open;
        synchronized (files) {
            open = List.copyOf(files.values());
            files.clear();
        }
        for (FileChannel ch : open) {
            try {
                ch.close();
            } catch (IOException e) {
                // read-only
            }
        }
        inner.close();
    }
}
