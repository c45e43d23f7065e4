// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PageRunsTest {
    @Test
    void findsTheRunHoldingAnAddressAndNothingBetweenRuns() {
        PageRuns r = new PageRuns();
        for (int i = 0; i < 1000; i++) {
            r.add(0x10000L + i * 0x3000L, 0x2000, i / 500, i * 0x2000L);
        }
        assertEquals(0, r.find(0x10000));
        assertEquals(0, r.find(0x11fff));
        assertEquals(-1, r.find(0x12000), "the page between two runs");
        assertEquals(999, r.find(0x10000L + 999 * 0x3000L + 0x1fff));
        assertEquals(-1, r.find(0xffff));
        assertEquals(1000L * 0x2000, r.totalBytes());
        r.truncateLast(0x1000);
        assertEquals(-1, r.find(0x10000L + 999 * 0x3000L + 0x1000));
        assertThrows(IllegalArgumentException.class, () -> r.add(0x10000, 0x1000, 0, 0));
    }

    /** The galloping search from a hint answers as a plain search does, whatever the hint (ahead, behind, none). */
    @Test
    void floorFromAHintAgreesWithFind() {
        PageRuns r = new PageRuns();
        for (int i = 0; i < 1000; i++) {
            r.add(0x10000L + i * 0x3000L, 0x2000, 0, i * 0x2000L);
        }
        int below = -1;
        for (long a = 0x8000; a < 0x10000L + 1000 * 0x3000L + 0x4000; a += 0x7f8) {
            below = r.floor(a, below);
            int found = r.contains(below, a) ? below : -1;
            assertEquals(r.find(a), found, Long.toHexString(a));
            for (int hint : new int[] {-1, 0, 3, 500, 999, 1000}) {
                int f = r.floor(a, hint);
                assertEquals(r.find(a), r.contains(f, a) ? f : -1, Long.toHexString(a) + " from " + hint);
            }
        }
        assertEquals(-1, r.floor(0xffff, 0));
        assertEquals(999, r.floor(Long.MAX_VALUE, 5));
    }
}
