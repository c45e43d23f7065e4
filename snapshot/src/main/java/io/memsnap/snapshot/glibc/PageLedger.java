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
    private final int[] usedBytes;
    private final BitSet metadata = new BitSet();
    private final BitSet trimmable = new BitSet();
    private final Optional<BitSet> resident;

    PageLedger(long start, long end, long pageBytes, Optional<BitSet> resident) {
        this.start = start;
        this.pageBytes = pageBytes;
        this.usedBytes = new int[(int) ((end - start) / pageBytes)];
        this.resident = resident;
    }

    /** Adds (or with a negative {@code sign} removes) the in-use bytes {@code [address, address + size)}. */
    void used(long address, long size, int sign) {
        long a = Math.max(address, start);
        long e = Math.min(address + size, start + usedBytes.length * pageBytes);
        while (a < e) {
            int page = (int) ((a - start) / pageBytes);
            long pageEnd = start + (page + 1) * pageBytes;
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
        long a = (from + pageBytes - 1) / pageBytes * pageBytes;
        long e = to / pageBytes * pageBytes;
        if (e > a) {
            trimmable.set(pageOf(a), pageOf(e - 1) + 1);
        }
    }

    private int pageOf(long address) {
        long p = (address - start) / pageBytes;
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
