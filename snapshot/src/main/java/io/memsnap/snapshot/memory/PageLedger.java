// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.memory;

import java.util.BitSet;
import java.util.Optional;

/**
 * The one page ledger of the allocator walkers: what each page of one walked range ({@code [start, end)},
 * page-aligned: a glibc heap region, a LuaJIT segment, later an nginx slab pool) holds. Walkers mark bytes of chunks
 * the program has (in use), allocator headers (metadata), free chunk bytes, and pages the allocator could give
 * back (trimmable); {@link #totals} then splits the resident pages: a page with any in-use byte counts as used, then
 * one with metadata as metadata; the rest is free. Memory: 4 bytes per page (8 once free bytes are marked).
 * Confined to one thread.
 */
public final class PageLedger {
    private final long start;
    private final long pageBytes;
    private final int pageShift;
    private final int[] usedBytes;
    private int[] freeBytes;
    private final BitSet metadata = new BitSet();
    private final BitSet trimmable = new BitSet();

    /** A ledger of the pages of {@code [start, end)}, both multiples of {@code pageBytes} (a power of two). */
    public PageLedger(long start, long end, long pageBytes) {
        this.start = start;
        this.pageBytes = pageBytes;
        this.pageShift = Long.numberOfTrailingZeros(pageBytes);
        this.usedBytes = new int[(int) ((end - start) >>> pageShift)];
    }

    /** Adds (or with a negative {@code sign} removes) the in-use bytes {@code [address, address + size)}. */
    public void used(long address, long size, int sign) {
        add(usedBytes, address, size, sign);
    }

    /** Adds the bytes of a free chunk {@code [address, address + size)} (for {@link Totals#freeBytesResident}). */
    public void free(long address, long size) {
        if (freeBytes == null) {
            freeBytes = new int[usedBytes.length];
        }
        add(freeBytes, address, size, 1);
    }

    private void add(int[] perPage, long address, long size, int sign) {
        long first = (address - start) >>> pageShift;
        if (address >= start && first == (address + size - 1 - start) >>> pageShift && first < perPage.length) {
            // the common case: a small chunk inside one page
            perPage[(int) first] += (int) (sign * size);
            return;
        }
        long a = Math.max(address, start);
        long e = Math.min(address + size, start + ((long) perPage.length << pageShift));
        while (a < e) {
            int page = (int) ((a - start) >>> pageShift);
            long pageEnd = start + ((long) (page + 1) << pageShift);
            long n = Math.min(pageEnd, e) - a;
            perPage[page] += (int) (sign * n);
            a += n;
        }
    }

    /** Marks the pages overlapping {@code [address, address + size)} as holding allocator headers. */
    public void metadata(long address, long size) {
        if (size > 0) {
            metadata.set(pageOf(address), pageOf(address + size - 1) + 1);
        }
    }

    /** Marks the whole pages inside {@code [from, to)} as ones the allocator would release on a trim. */
    public void trimmable(long from, long to) {
        long a = (from + pageBytes - 1) & -pageBytes;
        long e = to & -pageBytes;
        if (e > a) {
            trimmable.set(pageOf(a), pageOf(e - 1) + 1);
        }
    }

    /** The first page at or after page {@code from} (an index) holding an in-use byte, or -1. */
    public int nextUsedPage(int from) {
        for (int p = Math.max(0, from); p < usedBytes.length; p++) {
            if (usedBytes[p] > 0) {
                return p;
            }
        }
        return -1;
    }

    /** Start address of page {@code index}. */
    public long pageAddress(int index) {
        return start + ((long) index << pageShift);
    }

    private int pageOf(long address) {
        long p = (address - start) >> pageShift;
        return (int) Math.max(0, Math.min(p, usedBytes.length - 1));
    }

    /**
     * Totals of this range in bytes, resident only unless the name says otherwise.
     *
     * @param usedResident resident pages with an in-use byte
     * @param metadataResident resident pages with headers and no in-use byte
     * @param freeResident the other resident pages
     * @param trimmableResident free resident pages a trim would release
     * @param freePages every page with neither in-use bytes nor headers, resident or not
     * @param residentBytes all resident pages
     * @param freeBytesResident bytes of free chunks that lie on resident pages
     * @param residencyKnown false when residency is unknown: then every resident figure is 0
     */
    public record Totals(
            long usedResident,
            long metadataResident,
            long freeResident,
            long trimmableResident,
            long freePages,
            long residentBytes,
            long freeBytesResident,
            boolean residencyKnown) {}

    /** Splits the pages by {@code resident} (bit i: page i; empty if residency is unknown). */
    public Totals totals(Optional<BitSet> resident) {
        long used = 0;
        long meta = 0;
        long free = 0;
        long trim = 0;
        long freeAll = 0;
        long res = 0;
        long freeBytesRes = 0;
        BitSet r = resident.orElse(null);
        for (int p = 0; p < usedBytes.length; p++) {
            boolean isFree = usedBytes[p] <= 0 && !metadata.get(p);
            if (isFree) {
                freeAll += pageBytes;
            }
            if (r == null || !r.get(p)) {
                continue;
            }
            res += pageBytes;
            freeBytesRes += freeBytes == null ? 0 : freeBytes[p];
            if (usedBytes[p] > 0) {
                used += pageBytes;
            } else if (metadata.get(p)) {
                meta += pageBytes;
            } else {
                free += pageBytes;
                if (trimmable.get(p)) {
                    trim += pageBytes;
                }
            }
        }
        return new Totals(used, meta, free, trim, freeAll, res, freeBytesRes, r != null);
    }
}
