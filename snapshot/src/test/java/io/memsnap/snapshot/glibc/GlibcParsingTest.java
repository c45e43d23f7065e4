// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.glibc.CommonSize;
import io.memsnap.snapshot.model.glibc.SizeClass;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GlibcParsingTest {

    @Test
    void versionFromDebianBanner() {
        byte[] data = ("\0\0junk GNU C Library (Debian GLIBC 2.36-9+deb12u14) stable release version 2.36.\n"
                + "Copyright (C) 2022 Free Software Foundation, Inc.\0more").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(Optional.of("2.36"), GlibcVersion.find(data));
        assertEquals(Optional.of("2.39"),
                GlibcVersion.find("GNU C Library (Ubuntu GLIBC 2.39-0ubuntu8) stable release version 2.39."
                        .getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals(Optional.empty(), GlibcVersion.find("GNU C Library\0 no version".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void safeLinkingRevealsWithTheFieldAddress() {
        long field = 0x55555555a2c0L;
        long target = 0x55555555a300L;
        assertEquals(target, Layout.reveal(field, (field >>> 12) ^ target));
        assertEquals(0, Layout.reveal(field, field >>> 12));
    }

    @Test
    void sizeClassesAreLog2From16BytesTo64MiBAndMore() {
        assertEquals(0, ChunkTally.classOf(16));
        assertEquals(0, ChunkTally.classOf(31));
        assertEquals(1, ChunkTally.classOf(32));
        assertEquals(14, ChunkTally.classOf(256 << 10));
        assertEquals(14, ChunkTally.classOf((512 << 10) - 16));
        assertEquals(22, ChunkTally.classOf(64L << 20));
        assertEquals(22, ChunkTally.classOf(1L << 40));
    }

    @Test
    void tallyMovesTcacheChunksOutOfUsed() {
        ChunkTally t = new ChunkTally(100);
        t.add(ChunkKind.USED, 48);
        t.add(ChunkKind.USED, 48);
        t.add(ChunkKind.USED, 300 << 10);
        t.move(ChunkKind.USED, ChunkKind.TCACHE, 48);
        assertEquals(1, t.count(ChunkKind.TCACHE));
        assertEquals(48 + (300 << 10), t.bytes(ChunkKind.USED));
        List<SizeClass> h = t.histogram();
        assertEquals(2, h.size());
        assertEquals(new SizeClass(32, 64, 1, 48, 0, 0, 1, 48, 0, 0, 0, 0), h.get(0));
        assertEquals(256 << 10, h.get(1).minBytes());
        assertEquals(List.of(new CommonSize(300 << 10, 1, 300 << 10), new CommonSize(48, 1, 48)), t.commonSizes(5));
    }

    @Test
    void sizeCounterGrowsAndStopsAtItsLimit() {
        SizeCounter c = new SizeCounter(1000);
        long big = 64 << 10; // sizes from here on are hashed (smaller ones sit in a direct table)
        for (int i = 1; i <= 1500; i++) {
            c.add(big + 16L * i, i);
        }
        assertTrue(c.truncated());
        assertEquals(new CommonSize(big + 16000, 1000, (big + 16000) * 1000L), c.top(1).get(0));
        SizeCounter d = new SizeCounter(10);
        d.add(32, 3);
        d.add(1 << 30, 1);
        d.add(32, -1);
        assertFalse(d.truncated());
        assertEquals(List.of(new CommonSize(32, 2, 64), new CommonSize(1 << 30, 1, 1 << 30)), d.top(10));
    }

    @Test
    void pageLedgerUsedBeatsMetadataBeatsFree() {
        BitSet resident = new BitSet();
        resident.set(0, 4);
        PageLedger l = new PageLedger(0x10000, 0x15000, 4096, Optional.of(resident));
        l.metadata(0x10000, 0x8d0);
        l.used(0x10ff0, 0x20, 1); // straddles pages 0 and 1
        l.trimmable(0x11030, 0x14000);
        l.used(0x13000, 0x30, 1);
        l.used(0x13000, 0x30, -1); // a tcache chunk: free after all
        PageLedger.Totals t = l.totals();
        assertEquals(2 * 4096, t.usedResident());
        assertEquals(0, t.metadataResident());
        assertEquals(2 * 4096, t.freeResident());
        assertEquals(2 * 4096, t.trimmableResident());
        assertEquals(3 * 4096, t.freePages()); // pages 2, 3 and the non-resident page 4
    }
}
