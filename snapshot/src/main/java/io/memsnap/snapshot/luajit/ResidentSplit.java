// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.memory.Residency;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Splits LuaJIT's pages into resident-with-a-used-chunk, resident-without-one and not resident. A page holding
 * any part of an in-use chunk counts as used, so the two resident parts never overlap and add up to the resident
 * pages of the segments and direct chunks. {@code known} is false when residency is unknown (core files).
 */
record ResidentSplit(long usedResidentBytes, long freeResidentBytes, long notResidentBytes, boolean known) {

    static ResidentSplit of(List<Segment> segments, List<DirectChunk> directs, Residency residency) {
        long page = residency.pageSizeBytes();
        long used = 0;
        long free = 0;
        long absent = 0;
        for (Segment s : segments) {
            Optional<BitSet> res = residency.residentPages(s.base(), s.end());
            if (res.isEmpty()) {
                return new ResidentSplit(0, 0, 0, false);
            }
            BitSet usedRes = (BitSet) res.get().clone();
            usedRes.and(s.usedPages());
            long resident = res.get().cardinality();
            used += usedRes.cardinality() * page;
            free += (resident - usedRes.cardinality()) * page;
            absent += s.sizeBytes() - resident * page;
        }
        for (DirectChunk d : directs) {
            Optional<BitSet> res = residency.residentPages(d.address(), d.end());
            if (res.isEmpty()) {
                return new ResidentSplit(0, 0, 0, false);
            }
            long resident = res.get().cardinality() * page;
            used += resident;
            absent += d.mappingBytes() - resident;
        }
        return new ResidentSplit(used, free, absent, true);
    }

    ResidentSplit plus(ResidentSplit o) {
        return new ResidentSplit(usedResidentBytes + o.usedResidentBytes, freeResidentBytes + o.freeResidentBytes,
                notResidentBytes + o.notResidentBytes, known && o.known);
    }
}
