// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.Mapping;
import java.util.BitSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageHeadsTest {
    /** Residency whose pagemap cannot be read. */
    private static final Residency GONE = new Residency() {
        @Override
        public Optional<BitSet> residentPages(long start, long end) {
            throw new UnreadableMemoryException(start, 0, "pagemap gone");
        }

        @Override
        public long pageSizeBytes() {
            return 4096;
        }
    };

    private static final long START = 0x100000;

    /** Eight pages; page i starts with the qwords (i, 0x100 + i), except page 2 (all zero) and page 5 (unreadable). */
    private static final class Pages implements Memory {
        int scatterReads;

        @Override
        public void read(long address, byte[] dst, int offset, int length) {
            long page = (address - START) / 4096;
            if (page == 5 || address < START || address + length > START + 8 * 4096) {
                throw new UnreadableMemoryException(address, length, "test");
            }
            java.util.Arrays.fill(dst, offset, offset + length, (byte) 0);
            if (page != 2 && address % 4096 == 0 && length >= 16) {
                dst[offset] = (byte) page;
                dst[offset + 8] = (byte) (0x10 + page);
            }
        }

        @Override
        public BitSet readEach(long[] addresses, int count, int length, byte[] dst) {
            scatterReads++;
            return Memory.super.readEach(addresses, count, length, dst);
        }
    }

    /** Pages 0-6 resident, page 7 not; counts pagemap reads. */
    private static final class Resident implements Residency {
        int reads;

        @Override
        public Optional<BitSet> residentPages(long start, long end) {
            reads++;
            BitSet b = new BitSet();
            b.set(0, 7);
            return Optional.of(b);
        }

        @Override
        public long pageSizeBytes() {
            return 4096;
        }
    }

    private static Mapping mapping() {
        return new Mapping(START, START + 8 * 4096, "rw-p", 0, "00:00", 0, "", 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void residentNonZeroHeadsOnceFailuresApart() {
        Pages memory = new Pages();
        Resident residency = new Resident();
        PageHeads heads = PageHeads.of(memory, residency);
        PageHeads.Scan s = heads.in(mapping());
        assertArrayEquals(new long[] {START, START + 4096, START + 3 * 4096, START + 4 * 4096, START + 6 * 4096},
                s.addresses(), "zero page 2, unreadable page 5 and non-resident page 7 are not heads");
        assertEquals(3, s.first(2));
        assertEquals(0x13, s.second(2));
        assertArrayEquals(new long[] {START + 5 * 4096}, s.failed());
        assertTrue(s.resident().isPresent());
        assertSame(s, heads.in(mapping()), "a second walker gets the same scan");
        assertEquals(1, residency.reads, "pagemap read once per mapping");
        assertEquals(1, memory.scatterReads, "page heads read once");
    }

    @Test
    void aScanFromAPageHasTheWholeScansHeadsFromThereAndIsNotKept() {
        Pages memory = new Pages();
        Resident residency = new Resident();
        PageHeads heads = PageHeads.of(memory, residency);
        PageHeads.Scan tail = heads.in(mapping(), START + 4 * 4096);
        assertArrayEquals(new long[] {START + 4 * 4096, START + 6 * 4096}, tail.addresses(),
                "the heads of pages 4-7 only");
        assertArrayEquals(new long[] {START + 5 * 4096}, tail.failed());
        assertEquals(4, tail.first(0));
        PageHeads.Scan whole = heads.in(mapping());
        assertEquals(2, memory.scatterReads, "the part scan was not kept as the mapping's scan");
        assertEquals(1, residency.reads, "both share one pagemap read");
        assertEquals(5, whole.count());
        assertSame(whole, heads.in(mapping(), START + 4 * 4096), "once the whole scan exists it is the answer");
        PageHeads fresh = PageHeads.of(memory, residency);
        assertSame(fresh.in(mapping(), START), fresh.in(mapping()), "a scan from the mapping start is the one kept");
    }

    @Test
    void unreadablePagemapLeavesTheMappingUnscanned() {
        PageHeads.Scan s = PageHeads.of(new Pages(), GONE).in(mapping());
        assertTrue(s.pagemapUnreadable());
        assertEquals(0, s.count());
    }

    @Test
    void singleHeadsAgreeWithTheScanAndShareItsPagemapRead() {
        Pages memory = new Pages();
        Resident residency = new Resident();
        PageHeads heads = PageHeads.of(memory, residency);
        long[][] single = new long[8][];
        for (int i = 0; i < 8; i++) {
            single[i] = heads.head(mapping(), START + i * 4096L);
        }
        assertEquals(1, residency.reads, "the single heads read pagemap once for the mapping");
        PageHeads.Scan s = heads.in(mapping());
        assertEquals(1, residency.reads, "the scan after them reads pagemap no more");
        int k = 0;
        for (int i = 0; i < 8; i++) {
            if (k < s.count() && s.address(k) == START + i * 4096L) {
                assertArrayEquals(new long[] {s.first(k), s.second(k)}, single[i], "page " + i);
                k++;
            } else {
                assertNull(single[i], "page " + i + " has no head in the scan");
            }
        }
        assertEquals(s.count(), k);
        assertArrayEquals(new long[] {4, 0x14}, heads.head(mapping(), START + 4 * 4096L), "from the scan now");
        assertEquals(s.resident(), heads.resident(mapping()));
    }

    @Test
    void singleHeadsOfAMappingWithoutPagemapAreNone() {
        PageHeads heads = PageHeads.of(new Pages(), GONE);
        assertNull(heads.head(mapping(), START));
        assertThrows(UnreadableMemoryException.class, () -> heads.resident(mapping()));
    }
}
