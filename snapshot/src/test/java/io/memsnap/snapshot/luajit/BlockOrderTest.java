// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlockOrderTest {
    @Test
    void groupsByBlockInAscendingBlockOrderKeepingEveryAddress() {
        long[] a = {0x7f0000030010L, 0x7f0000010020L, 0x7f0000030008L, 0x7f0000010010L, 0x7f00000f0000L, 99};
        BlockOrder.sort(a, 5);
        long[] blocks = Arrays.stream(a, 0, 5).map(x -> x >>> 16).toArray();
        assertArrayEquals(new long[] {0x7f000001L, 0x7f000001L, 0x7f000003L, 0x7f000003L, 0x7f00000fL}, blocks);
        long[] sorted = Arrays.copyOf(a, 5);
        Arrays.sort(sorted);
        assertArrayEquals(new long[] {0x7f0000010010L, 0x7f0000010020L, 0x7f0000030008L, 0x7f0000030010L,
            0x7f00000f0000L}, sorted);
        assertArrayEquals(new long[] {99}, new long[] {a[5]});
    }

    @Test
    void widelySpreadAddressesAreFullySorted() {
        long[] a = {0x7f0000000000L, 0x1000L, 0x550000000000L};
        BlockOrder.sort(a, 3);
        assertArrayEquals(new long[] {0x1000L, 0x550000000000L, 0x7f0000000000L}, a);
    }
}
