// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ObjectSizesTest {
    @Test
    void stringsAreHeaderPlusContentsAndNulRoundedToFour() {
        assertEquals(28, ObjectSizes.string(0));
        assertEquals(28, ObjectSizes.string(3));
        assertEquals(32, ObjectSizes.string(4));
        assertEquals(24 + 4004, ObjectSizes.string(4000));
    }

    @Test
    void tablesCountColocatedAndSeparateArraysAndHashNodes() {
        assertEquals(64, ObjectSizes.table(0, 0, 0));
        // colocated array of 3 slots, hash part of 1 node (hmask 0 means no own node block)
        assertEquals(64 + 24, ObjectSizes.table(3, 3, 0));
        // colocated block kept after the array moved out (colo | 0x80): both are charged
        assertEquals(64 + 3 * 8 + 20 * 8, ObjectSizes.table((byte) 0x83, 20, 0));
        assertEquals(64 + 32 * 8 + 8 * 24, ObjectSizes.table(0, 32, 7));
        assertEquals(24 * 8, ObjectSizes.tableArray((byte) 0x83, 24));
        assertEquals(3 * 8, ObjectSizes.tableArray(3, 3));
    }

    @Test
    void onlyTablesThatMeetTheSizeRulesArePlausible() {
        long mib = 1 << 20;
        assertTrue(ObjectSizes.plausibleTable(0, 0, 0, mib));
        assertTrue(ObjectSizes.plausibleTable(0, 32, 7, mib));
        assertTrue(ObjectSizes.plausibleTable(3, 3, 0, mib));
        assertTrue(ObjectSizes.plausibleTable(3, 2, 0, mib), "a colocated array shrunk in place");
        assertTrue(ObjectSizes.plausibleTable((byte) 0x83, 20, 0, mib), "the array moved out");
        // issue 9's running target: hmask + 1 = 1,083,105,281 is not a power of two
        assertFalse(ObjectSizes.plausibleTable(0, 0, 1_083_105_280L, Long.MAX_VALUE / 64));
        assertFalse(ObjectSizes.plausibleTable(0, 0, 6, mib));
        assertFalse(ObjectSizes.plausibleTable(3, 4, 0, mib), "more slots than the colocated block holds");
        // 680,332,344 array slots in a heap of 1 MiB
        assertFalse(ObjectSizes.plausibleTable(0, 680_332_344L, 0, mib));
        assertFalse(ObjectSizes.plausibleTable(0, 0, (1L << 20) - 1, mib), "16 MiB of nodes in 1 MiB");
    }

    @Test
    void functionsThreadsTracesCdataUserdata() {
        assertEquals(48, ObjectSizes.function(0, 1));
        assertEquals(48, ObjectSizes.function(1, 0));
        assertEquals(112 + 40 * 8, ObjectSizes.thread(112, 40));
        assertEquals(120 + 10 * 8 + 2 * 12 + 5 * 4, ObjectSizes.trace(0x8010, 0x8006, 2, 5));
        assertEquals(16 + 32, ObjectSizes.cdata(32));
        assertEquals(48, ObjectSizes.userdata(0));
    }

    @Test
    void allocatorChunksAddEightBytesRoundToEightAndAreAtLeast32() {
        assertEquals(32, VmScanner.chunkSize(17));
        assertEquals(32, VmScanner.chunkSize(24));
        assertEquals(40, VmScanner.chunkSize(25));
        assertEquals(880, VmScanner.chunkSize(872));
        // GG_State of luajit2 (6296) and of upstream LuaJIT (6240), as seen in the chunk heads
        assertEquals(0x18a0, VmScanner.chunkSize(6296));
        assertEquals(0x1868, VmScanner.chunkSize(6240));
    }
}
