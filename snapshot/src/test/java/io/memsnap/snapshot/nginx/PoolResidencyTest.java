// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** A chunk's resident bytes: its own bytes in resident pages, so two chunks sharing a page never count it twice. */
class PoolResidencyTest {
    private static final long PAGE = 4096;
    private static final long BASE = 0x5555_0000_0000L;

    @Test
    void chunksSharingPagesSplitThemByteWise() {
        BitSet bits = new BitSet();
        bits.set(0);
        bits.set(4);
        // a 16,400-byte block from BASE + 16 to BASE + 16,416 (pages 0..4): the header page and the last page
        long a = BASE + 16;
        long b = a + 16_400;
        assertEquals(PAGE - 16 + (b - (BASE + 4 * PAGE)), PoolResidency.residentBytes(a, b, bits, BASE, PAGE));
        // the next chunk starts inside page 4: only its own bytes of that page
        assertEquals(BASE + 5 * PAGE - b, PoolResidency.residentBytes(b, b + 16_400, bits, BASE, PAGE));
        // together exactly the two resident pages from BASE + 16 on
        assertEquals(2 * PAGE - 16, PoolResidency.residentBytes(a, b, bits, BASE, PAGE)
                + PoolResidency.residentBytes(b, b + 16_400, bits, BASE, PAGE));
    }

    @Test
    void wholeAndEmptyRanges() {
        BitSet all = new BitSet();
        all.set(0, 66);
        assertEquals(65 * PAGE, PoolResidency.residentBytes(BASE, BASE + 65 * PAGE, all, BASE, PAGE));
        assertEquals(0, PoolResidency.residentBytes(BASE, BASE + 65 * PAGE, new BitSet(), BASE, PAGE));
    }
}
