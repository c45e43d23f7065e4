// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitString;
import io.memsnap.snapshot.model.luajit.LuaJitTable;
import io.memsnap.snapshot.model.luajit.LuaJitTableParts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/** Accumulates the GC walk: counts and bytes per type, table parts, and the biggest tables and strings. */
final class GcTally {
    /** Type names indexed by {@code gct}; null where no GC object type exists. */
    static final String[] NAMES = {
        null, null, null, null, "string", "upvalue", "thread", "proto", "function", "trace", "cdata", "table",
        "userdata"
    };
    /** The order objects are reported in. */
    private static final int[] ORDER = {11, 4, 8, 7, 5, 6, 12, 10, 9};

    private final long[] counts = new long[NAMES.length];
    private final long[] bytes = new long[NAMES.length];
    private final int topN;
    private final PriorityQueue<LuaJitTable> tables;
    private final PriorityQueue<LuaJitString> strings;
    private long arraySlots;
    private long hashSlots;
    private long arrayBytes;
    private long hashBytes;

    private static final Comparator<LuaJitTable> TABLE_ORDER =
            Comparator.comparingLong(LuaJitTable::bytes).thenComparing(LuaJitTable::address, Comparator.reverseOrder());
    private static final Comparator<LuaJitString> STRING_ORDER = Comparator.comparingLong(LuaJitString::bytes)
            .thenComparing(LuaJitString::address, Comparator.reverseOrder());

    GcTally(int topN) {
        this.topN = topN;
        this.tables = new PriorityQueue<>(TABLE_ORDER);
        this.strings = new PriorityQueue<>(STRING_ORDER);
    }

    void add(int gct, long objectBytes) {
        counts[gct]++;
        bytes[gct] += objectBytes;
    }

    void table(long address, int colo, long asize, long hmask, long objectBytes) {
        long hslots = hmask > 0 ? hmask + 1 : 0;
        arraySlots += asize;
        hashSlots += hslots;
        arrayBytes += ObjectSizes.tableArray(colo, asize);
        hashBytes += hslots * ObjectSizes.NODE;
        if (topN > 0 && (tables.size() < topN || objectBytes > tables.peek().bytes())) {
            tables.add(new LuaJitTable(address, asize, hslots, objectBytes));
            if (tables.size() > topN) {
                tables.poll();
            }
        }
    }

    /** True if a string of this size would enter the biggest-strings list (so its contents are worth reading). */
    boolean wantsString(long objectBytes) {
        return topN > 0 && (strings.size() < topN || objectBytes > strings.peek().bytes());
    }

    void string(long address, long len, long objectBytes, Optional<String> preview) {
        strings.add(new LuaJitString(address, len, objectBytes, preview));
        if (strings.size() > topN) {
            strings.poll();
        }
    }

    long count(int gct) {
        return counts[gct];
    }

    List<GcObjectType> objects() {
        List<GcObjectType> out = new ArrayList<>();
        for (int gct : ORDER) {
            out.add(new GcObjectType(NAMES[gct], counts[gct], bytes[gct]));
        }
        return out;
    }

    long totalBytes() {
        long sum = 0;
        for (long b : bytes) {
            sum += b;
        }
        return sum;
    }

    LuaJitTableParts tableParts() {
        return new LuaJitTableParts(arraySlots, hashSlots, arrayBytes, hashBytes);
    }

    List<LuaJitTable> biggestTables() {
        List<LuaJitTable> l = new ArrayList<>(tables);
        l.sort(TABLE_ORDER.reversed());
        return l;
    }

    List<LuaJitString> biggestStrings() {
        List<LuaJitString> l = new ArrayList<>(strings);
        l.sort(STRING_ORDER.reversed());
        return l;
    }
}
