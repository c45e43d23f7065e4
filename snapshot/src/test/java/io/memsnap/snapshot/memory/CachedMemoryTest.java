// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CachedMemoryTest {
    /** A small address space: one readable range over a byte pattern; everything else unreadable. */
    private static final class RangeMemory implements Memory {
        final long start;
        final long end;
        int reads;

        RangeMemory(long start, long end) {
            this.start = start;
            this.end = end;
        }

        @Override
        public void read(long address, byte[] dst, int offset, int length) {
            reads++;
            if (address < start || address + length > end) {
                throw new UnreadableMemoryException(address, length, "outside");
            }
            for (int i = 0; i < length; i++) {
                dst[offset + i] = (byte) (address + i);
            }
        }
    }

    @Test
    void smallReadsShareOneBlockLoad() {
        RangeMemory inner = new RangeMemory(0x10000, 0x30000);
        CachedMemory m = CachedMemory.of(inner, 4);
        for (long a = 0x10000; a < 0x20000; a += 8) {
            assertEquals(a & 0xff, m.readU8(a));
        }
        assertEquals(1, m.blockLoads());
        assertEquals(1, inner.reads);
    }

    @Test
    void blocksAreSharedWithoutCopiesAndSayWhetherEveryPageRead() {
        RangeMemory inner = new RangeMemory(0x10000, 0x23000);
        CachedMemory m = CachedMemory.of(inner, 4);
        CachedMemory.Block b = m.blockAt(0x10123);
        assertEquals(0x10000, b.base());
        assertTrue(b.whole());
        assertEquals((byte) 0x23, b.data()[0x123]);
        assertSame(b, m.blockAt(0x1fff8), "the same cached block, not a copy");
        assertSame(b, m.cachedBlock(0x10000).orElseThrow());
        assertTrue(m.cachedBlock(0x20000).isEmpty(), "cachedBlock never loads");
        CachedMemory.Block part = m.blockAt(0x20000);
        assertFalse(part.whole(), "pages 0x23000.. are unreadable");
        assertEquals(3, part.readable().cardinality());
        assertEquals(2, m.blockLoads());
    }

    @Test
    void readAcrossBlocksAndEviction() {
        RangeMemory inner = new RangeMemory(0x10000, 0x50000);
        CachedMemory m = CachedMemory.of(inner, 2);
        byte[] b = m.read(0x1fff0, 0x20);
        for (int i = 0; i < b.length; i++) {
            assertEquals((byte) (0x1fff0 + i), b[i]);
        }
        m.readU8(0x30000);
        m.readU8(0x10000);
        assertEquals(4, m.blockLoads());
    }

    @Test
    void partlyReadableBlockServesTheReadablePagesAndFailsPreciselyOnTheRest() {
        // readable up to 0x13000: pages 0x10000..0x12fff of block 0x10000, the rest of the block is not
        RangeMemory inner = new RangeMemory(0x10000, 0x13000);
        CachedMemory m = CachedMemory.of(inner, 4);
        byte[] ok = m.read(0x12ff8, 8);
        assertArrayEquals(new RangeMemory(0, 1L << 40).read(0x12ff8, 8), ok);
        UnreadableMemoryException e = assertThrows(UnreadableMemoryException.class, () -> m.read(0x12ff8, 16));
        assertEquals(0x13000, e.address());
        assertEquals(8, e.length());
        assertThrows(UnreadableMemoryException.class, () -> m.readLong(0x500000));
    }

    @Test
    void scatterReadServesCachedBlocksAndReportsUnreadable() {
        RangeMemory inner = new RangeMemory(0x10000, 0x30000);
        CachedMemory m = CachedMemory.of(inner, 4);
        m.readU8(0x10000); // block 0x10000 cached
        long[] at = {0x10010, 0x20000, 0x5000, 0x21000};
        byte[] got = new byte[16 * at.length];
        java.util.BitSet failed = m.readEach(at, at.length, 16, got);
        assertEquals(java.util.BitSet.valueOf(new long[] {0b100}), failed, "only the unmapped address fails");
        for (int k : new int[] {0, 1, 3}) {
            for (int i = 0; i < 16; i++) {
                assertEquals((byte) (at[k] + i), got[16 * k + i]);
            }
        }
        assertEquals(1, m.blockLoads(), "a scatter read loads no blocks");
    }

    @Test
    void bulkReadBypassesTheCacheButFailsLikeACachedRead() {
        RangeMemory inner = new RangeMemory(0x10000, 0x60000);
        CachedMemory m = CachedMemory.of(inner, 8);
        byte[] b = m.read(0x10000, 0x40000);
        assertEquals((byte) 0x3f, b[0x3f]);
        assertEquals(0, m.blockLoads(), "a 256 KiB read is not cached");
        UnreadableMemoryException e = assertThrows(UnreadableMemoryException.class, () -> m.read(0x30000, 0x40000));
        assertEquals(0x60000, e.address(), "the first unreadable byte, as the cached path reports it");
    }
}
