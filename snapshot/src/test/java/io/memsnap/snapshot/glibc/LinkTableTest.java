// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinkTableTest {

    /** Every lookup order (list-like runs both ways, random jumps, misses) finds what a plain search finds. */
    @Test
    void findAgreesWithASearchInAnyOrder() {
        LinkTable t = new LinkTable(1000);
        for (int i = 0; i < 500; i++) {
            t.add(0x1000 + 0x40L * i, 0x40, i, -i);
        }
        Random rnd = new Random(8);
        int at = 250;
        for (int step = 0; step < 20_000; step++) {
            int move = switch (rnd.nextInt(4)) {
                case 0 -> -1 - rnd.nextInt(6);
                case 1 -> 1 + rnd.nextInt(6);
                case 2 -> rnd.nextInt(1000) - 500;
                default -> 0;
            };
            at = Math.floorMod(at + move, 600);
            long chunk = 0x1000 + 0x40L * at + (rnd.nextInt(10) == 0 ? 0x10 : 0);
            int expected = at < 500 && (chunk & 0x3f) == 0 ? at : -1;
            int i = t.find(chunk);
            assertEquals(expected, i, "chunk 0x" + Long.toHexString(chunk));
            if (i >= 0) {
                assertEquals(at, t.first(i));
            }
        }
    }

    @Test
    void emptyAndUnsortedTables() {
        assertEquals(-1, new LinkTable(10).find(0x1000));
        LinkTable t = new LinkTable(10);
        t.add(0x3000, 32, 3, 0);
        t.add(0x1000, 32, 1, 0);
        t.add(0x2000, 32, 2, 0);
        assertEquals(3, t.first(t.find(0x3000)));
        assertEquals(1, t.first(t.find(0x1000)));
        assertEquals(2, t.first(t.find(0x2000)));
        assertEquals(-1, t.find(0x1800));
    }
}
