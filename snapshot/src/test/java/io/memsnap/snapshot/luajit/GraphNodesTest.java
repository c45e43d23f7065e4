// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The bucket sort keeps each object's type and size with its address, drops repeated visits and indexes the result. */
class GraphNodesTest {
    @Test
    void sortsByAddressKeepingTypeAndSizeTogetherAndDropsRepeats() {
        Random rnd = new Random(7);
        for (int round = 0; round < 50; round++) {
            int n = rnd.nextInt(20_000);
            // a limit above the n objects a round adds: every one is kept
            GraphNodes nodes = new GraphNodes(n + 1L, bytes -> true);
            TreeMap<Long, Integer> expected = new TreeMap<>();
            int visits = 0;
            for (int i = 0; i < n; i++) {
                // odd rounds add addresses that are not 8-aligned
                // objects in several 4 GiB regions spread over the 47-bit space, as LuaJIT's allocator places them
                long region = (long) rnd.nextInt(1 + round) << (32 + round % 15);
                long address = 0x10000000000L + region + 16L * rnd.nextInt(50_000)
                        + (round % 2 == 1 && i % 7 == 0 ? 4 : 0);
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
                // the index the sort's buckets give finds each object, and nothing between two objects
                assertEquals(i, t.index().indexOf(t.addresses(), e.getKey()));
                assertEquals(-1, t.index().indexOf(t.addresses(), e.getKey() + 1));
                assertEquals(e.getKey(), t.addresses()[i]);
                assertEquals(e.getValue(), t.sizes()[i]);
                assertEquals(4 + (int) (e.getKey() % 9), t.types()[i]);
                i++;
            }
            assertTrue(i == t.count());
        }
    }

    @Test
    void pastItsLimitCountsButKeepsNothing() {
        GraphNodes nodes = new GraphNodes(3, bytes -> true);
        for (int i = 0; i < 3; i++) {
            nodes.add(0x7f0000000000L + 64L * i, 11, 64);
        }
        assertTrue(nodes.kept());
        nodes.add(0x7f0000001000L, 4, 32);
        assertEquals(4, nodes.count());
        assertTrue(!nodes.kept());
    }
}
