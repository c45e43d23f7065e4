// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

/**
 * Names a stack slot of a thread by the call frame it belongs to: {@code coroutine: local slot 3 of function
 * @/x.lua:10}. Frames are two slots in GC64 (function, then the frame link); a Lua frame's link is the return pc,
 * whose previous instruction's A operand says how far the caller's frame lies below; other frames carry their size
 * in the link (lj_frame.h). At most {@link #MAX_FRAMES} frames are followed.
 */
final class ThreadFrames {
    private static final int MAX_FRAMES = 1000;
    private static final int TH_BASE = 32;

    private final TargetReader reader;
    private final LuaWords words;

    ThreadFrames(TargetReader reader, LuaWords words) {
        this.reader = reader;
        this.words = words;
    }

    /** The slot at address {@code slot} of thread {@code th}. */
    String slot(long th, long slot, boolean main) {
        String who = main ? "" : "coroutine: ";
        long stack = reader.u64(th + VmLayout.L_STACK);
        long frame = reader.u64(th + TH_BASE) - 8;
        for (int k = 0; k < MAX_FRAMES && frame > stack + 8; k++) {
            long link = reader.u64(frame);
            long fn = References.gcValue(reader.u64(frame - 8));
            if (frame < slot) {
                String f = fn != 0 ? words.function(fn) : "an unknown frame";
                return who + "local slot " + (slot - frame) / 8 + " of " + f;
            }
            if ((link & 3) == 0) {
                int a = (int) ((reader.u32(link - 4) >> 8) & 0xff);
                frame -= 8L * (2 + a);
            } else {
                frame -= link & ~7L;
            }
        }
        return who + "stack slot " + ((slot - stack) / 8 - 1);
    }
}
