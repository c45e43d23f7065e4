// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The in-place sort keeps each object's type and size with its address and drops repeated visits. */
class GraphNodesTest {
    @Test
    void sortsByAddressKeepingTypeAndSizeTogetherAndDropsRepeats() {
        Random rnd = new Random(7);
        for (int round = 0; round < 50; round++) {
            GraphNodes nodes = new GraphNodes();
            TreeMap<Long, Integer> expected = new TreeMap<>();
            int n = rnd.nextInt(20_000);
            int visits = 0;
            for (int i = 0; i < n; i++) {
                long address = 0x7f0000000000L + 16L * rnd.nextInt(50_000);
                // an object's size is a function of its address, so a repeat visit carries the same values
                int size = (int) (address % 1000);
                nodes.add(address, 4 + (int) (address % 9), size);
                expected.put(address, size);
                visits++;
            }
            GraphNodes.Table t = nodes.sorted();
            assertEquals(expected.size(), t.count());
            assertEquals(visits - expected.size(), t.repeats());
            int i = 0;
            for (var e : expected.entrySet()) {
                assertEquals(e.getKey(), t.addresses()[i]);
                assertEquals(e.getValue(), t.sizes()[i]);
                assertEquals(4 + (int) (e.getKey() % 9), t.types()[i]);
                i++;
            }
            assertTrue(i == t.count());
        }
    }

    /**
     * Objects spread over more distinct 4 GiB windows than the packed keys rank (1024) take the quicksort, with the
     * same result: sorted, repeats dropped, type and size with their address.
     */
    @Test
    void sortsObjectsSpreadTooWideForPackedKeys() {
        GraphNodes nodes = new GraphNodes();
        Random rnd = new Random(3);
        TreeMap<Long, Integer> expected = new TreeMap<>();
        for (int i = 0; i < 3000; i++) {
            long address = ((long) rnd.nextInt(1500) << 32) + 8L * rnd.nextInt(100);
            nodes.add(address, 4, (int) (address % 977));
            expected.put(address, (int) (address % 977));
        }
        GraphNodes.Table t = nodes.sorted();
        assertEquals(expected.size(), t.count());
        int i = 0;
        for (var e : expected.entrySet()) {
            assertEquals(e.getKey(), t.addresses()[i]);
            assertEquals(e.getValue(), t.sizes()[i++]);
        }
    }

    /** Of repeated visits of one address the first stays (its size here differs, as a torn list may give). */
    @Test
    void keepsTheFirstVisitOfARepeatedAddress() {
        GraphNodes nodes = new GraphNodes();
        nodes.add(0x7f00_0000_1000L, 5, 111);
        nodes.add(0x7f00_0000_0ff0L, 6, 7);
        nodes.add(0x7f00_0000_1000L, 9, 222);
        GraphNodes.Table t = nodes.sorted();
        assertEquals(2, t.count());
        assertEquals(111, t.sizes()[1]);
        assertEquals(5, t.types()[1]);
    }
}
