// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitTable;
import io.memsnap.snapshot.model.luajit.LuaJitTableParts;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GcTallyTest {
    @Test
    void keepsTheBiggestTablesDescendingWithAddressTieBreak() {
        GcTally t = new GcTally(2);
        t.table(0x300, 0, 4, 0, ObjectSizes.table(0, 4, 0));
        t.table(0x100, 0, 8, 0, ObjectSizes.table(0, 8, 0));
        t.table(0x200, 0, 0, 3, ObjectSizes.table(0, 0, 3));
        List<LuaJitTable> top = t.biggestTables();
        assertEquals(List.of(new LuaJitTable(0x200, 0, 4, 160), new LuaJitTable(0x100, 8, 0, 128)), top);
        assertEquals(new LuaJitTableParts(12, 4, 96, 96), t.tableParts());
    }

    @Test
    void objectsComeInAFixedOrderWithZeroesAndSumUp() {
        GcTally t = new GcTally(1);
        t.add(4, 28);
        t.add(4, 32);
        t.add(11, 64);
        List<GcObjectType> o = t.objects();
        assertEquals(List.of("table", "string", "function", "proto", "upvalue", "thread", "userdata", "cdata",
                "trace"), o.stream().map(GcObjectType::type).toList());
        assertEquals(new GcObjectType("string", 2, 60), o.get(1));
        assertEquals(124, t.totalBytes());
    }

    @Test
    void stringListAdmitsOnlyBiggerOnesWhenFull() {
        GcTally t = new GcTally(1);
        assertTrue(t.wantsString(40));
        t.string(0x10, 12, 40, Optional.empty());
        assertFalse(t.wantsString(40));
        assertTrue(t.wantsString(44));
    }

    @Test
    void previewsEscapeEverythingButPrintableAscii() {
        assertEquals("ab\\x0a\\x5c\\xff", GcWalker.escape(new byte[] {'a', 'b', '\n', '\\', (byte) 0xff}));
    }
}
