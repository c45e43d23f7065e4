// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

/**
 * Bytes each GC object is charged in {@code gc.total} (GC64 x86_64), restated from the sizes LuaJIT's free paths
 * pass back to the allocator (lj_str, lj_tab, lj_func, lj_udata, lj_state, lj_trace, lj_cdata). Pure.
 */
final class ObjectSizes {
    static final int STRING_HEADER = 24;
    static final int TABLE_HEADER = 64;
    static final int NODE = 24;
    static final int TVALUE = 8;
    static final int UPVALUE = 48;
    static final int UDATA_HEADER = 48;
    static final int CDATA_HEADER = 16;
    static final int TRACE_HEADER = 120;

    private ObjectSizes() {}

    /** A string of {@code len} bytes: header plus the contents and a terminating NUL, rounded to 4. */
    static long string(long len) {
        return STRING_HEADER + ((len + 4) & ~3L);
    }

    /**
     * A table: the header block (with {@code colo & 0x7f} colocated array slots when {@code colo} is non-zero),
     * a separate array part unless the array is colocated ({@code colo > 0}), and the hash nodes.
     */
    static long table(int colo, long asize, long hmask) {
        long bytes = TABLE_HEADER + (colo != 0 ? (colo & 0x7f) * (long) TVALUE : 0);
        if (asize > 0 && colo <= 0) {
            bytes += asize * TVALUE;
        }
        if (hmask > 0) {
            bytes += (hmask + 1) * NODE;
        }
        return bytes;
    }

    /**
     * The size rules every real table meets: the hash part has a power-of-two number of nodes ({@code hmask + 1}),
     * a colocated array ({@code colo > 0}) holds its {@code asize} slots, and neither part is larger than
     * {@code maxBytes} (the allocator's in-use bytes).
     */
    static boolean plausibleTable(int colo, long asize, long hmask, long maxBytes) {
        if (hmask < 0 || asize < 0 || ((hmask + 1) & hmask) != 0) {
            return false;
        }
        if (colo > 0 && asize > (colo & 0x7f)) {
            return false;
        }
        return asize * TVALUE <= maxBytes && (hmask + 1) * NODE <= maxBytes;
    }

    /** Bytes of the array part of a table, colocated or not. */
    static long tableArray(int colo, long asize) {
        return colo > 0 ? (colo & 0x7f) * (long) TVALUE : asize * TVALUE;
    }

    /** A closure: Lua functions ({@code ffid == 0}) hold upvalue pointers, C functions hold TValues. */
    static long function(int ffid, int nupvalues) {
        return (ffid == 0 ? 40 : 48) + 8L * nupvalues;
    }

    /** A userdata of {@code len} payload bytes. */
    static long userdata(long len) {
        return UDATA_HEADER + len;
    }

    /** A coroutine: the lua_State plus its stack of {@code stackSlots} TValues. */
    static long thread(int stateBytes, long stackSlots) {
        return stateBytes + stackSlots * TVALUE;
    }

    /** A trace with its IR, snapshots (12 bytes each) and snapshot map entries (4 bytes each). */
    static long trace(long nins, long nk, long nsnap, long nsnapmap) {
        return TRACE_HEADER + (nins - nk) * 8 + nsnap * 12 + nsnapmap * 4;
    }

    /** A fixed-size cdata whose C type is {@code ctypeSize} bytes. */
    static long cdata(long ctypeSize) {
        return CDATA_HEADER + ctypeSize;
    }
}
