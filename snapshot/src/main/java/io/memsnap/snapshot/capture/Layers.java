// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import io.memsnap.snapshot.glibc.GlibcLayer;
import io.memsnap.snapshot.glibc.GlibcWalkOptions;
import io.memsnap.snapshot.luajit.LuaJitLayer;
import io.memsnap.snapshot.luajit.LuaJitOptions;
import java.util.List;

/** The allocator layers a capture walks, in order: glibc malloc, then LuaJIT. */
public final class Layers {
    private Layers() {}

    /**
     * Every layer with its default bounds.
     *
     * @param showStrings whether the LuaJIT layer may record (truncated) contents of the biggest strings
     */
    public static List<LayerWalker> all(boolean showStrings) {
        LuaJitOptions lua = LuaJitOptions.defaults();
        return List.of(new GlibcLayer(GlibcWalkOptions.defaults()),
                new LuaJitLayer(showStrings ? lua.withStrings(lua.maxStringChars()) : lua));
    }
}
