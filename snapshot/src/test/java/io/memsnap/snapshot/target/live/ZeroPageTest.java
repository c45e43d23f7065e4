// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The zero page's frame is trusted only when two read-only pages share it. */
class ZeroPageTest {
    private static final long PRESENT = 1L << 63;
    private static final long EXCLUSIVE = 1L << 56;

    @Test
    void twoSharedEntriesOnOneFrameGiveThatFrame() {
        assertEquals(0x1234, ZeroPage.sharedFrame(PRESENT | 0x1234, PRESENT | 0x1234));
    }

    @Test
    void ownPagesAreNotTheZeroPage() {
        // what Linux 6.18 here gives for two read faults: two frames of their own, each exclusive
        assertEquals(0, ZeroPage.sharedFrame(PRESENT | EXCLUSIVE | 0x1bfb7a, PRESENT | EXCLUSIVE | 0x17bf54));
        assertEquals(0, ZeroPage.sharedFrame(PRESENT | 0x1bfb7a, PRESENT | 0x17bf54));
        assertEquals(0, ZeroPage.sharedFrame(PRESENT | EXCLUSIVE | 0x1234, PRESENT | EXCLUSIVE | 0x1234));
        assertEquals(0, ZeroPage.sharedFrame(0x1234, 0x1234));
    }
}
