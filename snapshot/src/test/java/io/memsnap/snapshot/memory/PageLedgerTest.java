// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.BitSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageLedgerTest {
    @Test
    void usedBeatsMetadataBeatsFree() {
        BitSet resident = new BitSet();
        resident.set(0, 4);
        PageLedger l = new PageLedger(0x10000, 0x15000, 4096);
        l.metadata(0x10000, 0x8d0);
        l.used(0x10ff0, 0x20, 1); // straddles pages 0 and 1
        l.trimmable(0x11030, 0x14000);
        l.used(0x13000, 0x30, 1);
        l.used(0x13000, 0x30, -1); // a tcache chunk: free after all
        PageLedger.Totals t = l.totals(Optional.of(resident));
        assertEquals(2 * 4096, t.usedResident());
        assertEquals(0, t.metadataResident());
        assertEquals(2 * 4096, t.freeResident());
        assertEquals(2 * 4096, t.trimmableResident());
        assertEquals(3 * 4096, t.freePages()); // pages 2, 3 and the non-resident page 4
        assertEquals(4 * 4096, t.residentBytes());
    }

    @Test
    void freeBytesCountOnlyOnResidentPagesAndUsedPagesAreListed() {
        BitSet resident = new BitSet();
        resident.set(0);
        resident.set(2);
        PageLedger l = new PageLedger(0x10000, 0x14000, 4096);
        l.used(0x10000, 0x800, 1);
        l.free(0x10800, 0x2000); // 0x800 on page 0, all of page 1, 0x800 on page 2
        l.used(0x12800, 0x1800, 1); // pages 2 and 3
        PageLedger.Totals t = l.totals(Optional.of(resident));
        assertEquals(0x1000, t.freeBytesResident());
        assertEquals(2 * 4096, t.usedResident());
        assertEquals(0, l.nextUsedPage(0));
        assertEquals(2, l.nextUsedPage(1));
        assertEquals(3, l.nextUsedPage(3));
        assertEquals(-1, l.nextUsedPage(4));
        assertEquals(0x13000, l.pageAddress(3));
        assertFalse(l.totals(Optional.empty()).residencyKnown());
    }
}
