// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.memory.PageLedger;
import io.memsnap.snapshot.memory.Residency;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * How LuaJIT's memory sits in RAM. By whole pages (for the RSS breakdown, so the parts never overlap): resident
 * with some in-use chunk, resident with none ("reclaimable": could be given back without moving an object), not
 * resident. By bytes: free chunk bytes (top included) that lie on resident pages. {@code known} is false when
 * residency is unknown (core files).
 */
record ResidentSplit(
        long usedResidentBytes, long reclaimableResidentBytes, long freeResidentBytes, long notResidentBytes,
        boolean known) {

    static final ResidentSplit UNKNOWN = new ResidentSplit(0, 0, 0, 0, false);

    static ResidentSplit of(List<Segment> segments, List<DirectChunk> directs, Residency residency) {
        long page = residency.pageSizeBytes();
        ResidentSplit sum = new ResidentSplit(0, 0, 0, 0, true);
        for (Segment s : segments) {
            Optional<BitSet> res = residency.residentPages(s.base(), s.end());
            if (res.isEmpty()) {
                return UNKNOWN;
            }
            PageLedger.Totals t = s.ledger().totals(res);
            sum = sum.plus(new ResidentSplit(t.usedResident(), t.residentBytes() - t.usedResident(),
                    t.freeBytesResident(), s.sizeBytes() - t.residentBytes(), true));
        }
        for (DirectChunk d : directs) {
            Optional<BitSet> res = residency.residentPages(d.address(), d.end());
            if (res.isEmpty()) {
                return UNKNOWN;
            }
            long resident = res.get().cardinality() * page;
            sum = sum.plus(new ResidentSplit(resident, 0, 0, d.mappingBytes() - resident, true));
        }
        return sum;
    }

    ResidentSplit plus(ResidentSplit o) {
        return new ResidentSplit(usedResidentBytes + o.usedResidentBytes,
                reclaimableResidentBytes + o.reclaimableResidentBytes, freeResidentBytes + o.freeResidentBytes,
                notResidentBytes + o.notResidentBytes, known && o.known);
    }
}
