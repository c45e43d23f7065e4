// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import java.util.BitSet;
import java.util.Optional;

/**
 * What each page of one glibc region ({@code [start, end)}, page-aligned) holds: bytes of chunks the program has
 * (in use), glibc headers (metadata), or only free memory. A page with any in-use byte counts as used, then one
 * with metadata as metadata; the rest is free. Residency comes from pagemap, read before the walk touched the
 * region. Memory: 4 bytes per page. Confined to one thread.
 */
final class PageLedger {
    private final long start;
    private final long pageBytes;
    private final int pageShift;
    private final int[] usedBytes;
    private final BitSet metadata = new BitSet();
    private final BitSet trimmable = new BitSet();
    private final Optional<BitSet> resident;

    PageLedger(long start, long end, long pageBytes, Optional<BitSet> resident) {
        this.start = start;
        this.pageBytes = pageBytes;
        this.pageShift = Long.numberOfTrailingZeros(pageBytes);
        this.usedBytes = new int[(int) ((end - start) >>> pageShift)];
        this.resident = resident;
    }

    /** Adds (or with a negative {@code sign} removes) the in-use bytes {@code [address, address + size)}. */
    void used(long address, long size, int sign) {
        long first = (address - start) >>> pageShift;
        if (address >= start && first == (address + size - 1 - start) >>> pageShift && first < usedBytes.length) {
            // the common case: a small chunk inside one page
            usedBytes[(int) first] += (int) (sign * size);
            return;
        }
        long a = Math.max(address, start);
        long e = Math.min(address + size, start + ((long) usedBytes.length << pageShift));
        while (a < e) {
            int page = (int) ((a - start) >>> pageShift);
            long pageEnd = start + ((long) (page + 1) << pageShift);
            long n = Math.min(pageEnd, e) - a;
            usedBytes[page] += (int) (sign * n);
            a += n;
        }
    }

    /** Marks the pages overlapping {@code [address, address + size)} as holding glibc headers. */
    void metadata(long address, long size) {
        if (size > 0) {
            metadata.set(pageOf(address), pageOf(address + size - 1) + 1);
        }
    }

    /** Marks the whole pages inside {@code [from, to)} as ones {@code malloc_trim(0)} would release. */
    void trimmable(long from, long to) {
        long a = (from + pageBytes - 1) & -pageBytes;
        long e = to & -pageBytes;
        if (e > a) {
            trimmable.set(pageOf(a), pageOf(e - 1) + 1);
        }
    }

    private int pageOf(long address) {
        long p = (address - start) >> pageShift;
        return (int) Math.max(0, Math.min(p, usedBytes.length - 1));
    }

    /** Totals of this region in bytes, resident only unless the name says otherwise. */
    record Totals(
            long usedResident,
            long metadataResident,
            long freeResident,
            long trimmableResident,
            long freePages,
            boolean residencyKnown) {}

    Totals totals() {
        long used = 0;
        long meta = 0;
        long free = 0;
        long trim = 0;
        long freeAll = 0;
        BitSet res = resident.orElse(null);
        for (int p = 0; p < usedBytes.length; p++) {
            boolean isFree = usedBytes[p] <= 0 && !metadata.get(p);
            if (isFree) {
                freeAll += pageBytes;
            }
            if (res == null || !res.get(p)) {
                continue;
            }
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
        return new Totals(used, meta, free, trim, freeAll, res != null);
    }
}
