// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The page index finds exactly what a binary search over the whole array finds. */
class PageIndexTest {
    @Test
    void agreesWithBinarySearch() {
        Random rnd = new Random(3);
        for (int round = 0; round < 20; round++) {
            long[] a = rnd.longs(1 + rnd.nextInt(5000), 0x7f0000000000L, 0x7f0000000000L + (1L << (12 + round)))
                    .map(x -> x & ~7L).sorted().distinct().toArray();
            PageIndex index = new PageIndex(a, a.length);
            for (int k = 0; k < 20_000; k++) {
                long probe = k % 2 == 0 ? a[rnd.nextInt(a.length)]
                        : 0x7f0000000000L + (rnd.nextLong() & ((1L << 40) - 8));
                int expected = Arrays.binarySearch(a, probe);
                assertEquals(expected >= 0 ? expected : -1, index.indexOf(a, probe), Long.toHexString(probe));
            }
        }
    }
}
