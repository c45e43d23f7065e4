// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.Optional;

/**
 * The GC64 x86_64 VM layouts the walker knows, verified against Debian 12's libluajit2-5.1-2 (2.1-20230119) and
 * luajit (2.1.0~beta3+git20220320). They differ only in the size of {@code lua_State} (OpenResty adds
 * {@code exdata}/{@code exdata2}), hence where {@code global_State} starts and how large {@code GG_State} is;
 * every {@code global_State} offset used here is the same in both.
 */
enum VmLayout {
    /** OpenResty's luajit2. */
    LUAJIT2_GC64("openresty-luajit2", 112, 6296),
    /** Upstream LuaJIT 2.1. */
    LUAJIT_GC64("luajit", 96, 6240);

    /** Offset of the first GG_State chunk (and the main lua_State) from the allocator state. */
    static final long STATE_FROM_MSTATE = 0x370;

    private final String flavour;
    private final int stateBytes;
    private final int ggStateBytes;

    VmLayout(String flavour, int stateBytes, int ggStateBytes) {
        this.flavour = flavour;
        this.stateBytes = stateBytes;
        this.ggStateBytes = ggStateBytes;
    }

    /** Name reported in snapshots. */
    String flavour() {
        return flavour;
    }

    /** sizeof(lua_State): also the offset of global_State inside GG_State. */
    int stateBytes() {
        return stateBytes;
    }

    /** sizeof(GG_State), charged to gc.total when the VM is created. */
    int ggStateBytes() {
        return ggStateBytes;
    }

    /** The layout whose global_State sits {@code glrefOffset} bytes after the main lua_State. */
    static Optional<VmLayout> byGlobalOffset(long glrefOffset) {
        for (VmLayout l : values()) {
            if (l.stateBytes == glrefOffset) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    // global_State offsets (GC64), shared by both flavours
    static final int G_ALLOCD = 8;
    static final int G_GC_TOTAL = 16;
    static final int G_GC_THRESHOLD = 24;
    static final int G_GC_CURRENTWHITE = 32;
    static final int G_GC_STATE = 33;
    static final int G_GC_ROOT = 40;
    static final int G_GC_MMUDATA = 80;
    static final int G_GC_DEBT = 88;
    static final int G_GC_ESTIMATE = 96;
    static final int G_GC_STEPMUL = 104;
    static final int G_GC_PAUSE = 108;
    static final int G_STR_TAB = 152;
    static final int G_STR_MASK = 160;
    static final int G_STR_NUM = 164;
    static final int G_MAINTHREAD = 192;
    static final int G_CTYPE_STATE = 384;

    // lua_State offsets (GC64)
    static final int L_GLREF = 16;
    static final int L_STACK = 56;
    static final int L_OPENUPVAL = 64;
    static final int L_STACKSIZE = 88;
}
