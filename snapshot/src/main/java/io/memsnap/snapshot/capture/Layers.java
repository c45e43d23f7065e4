// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import io.memsnap.snapshot.glibc.GlibcWalkOptions;
import io.memsnap.snapshot.glibc.GlibcWalker;
import io.memsnap.snapshot.luajit.LuaJitOptions;
import io.memsnap.snapshot.luajit.LuaJitWalker;
import io.memsnap.snapshot.nginx.NginxOptions;
import io.memsnap.snapshot.nginx.NginxWalker;
import io.memsnap.snapshot.walk.LayerWalker;
import java.util.List;

/**
 * The allocator layers a capture walks, in order: glibc malloc, then LuaJIT, then nginx (whose pools are glibc
 * chunks the glibc walker publishes). A new layer is one line here (its walker
 * package and its {@code model} section are the rest).
 */
public final class Layers {
    private Layers() {}

    /**
     * Every layer with its default bounds.
     *
     * @param showStrings whether the LuaJIT layer may record (truncated) contents of the biggest strings
     */
    public static List<LayerWalker> all(boolean showStrings) {
        LuaJitOptions lua = LuaJitOptions.defaults();
        LuaJitOptions luaOptions = showStrings ? lua.withStrings(lua.maxStringChars()) : lua;
        GlibcWalkOptions glibcOptions = GlibcWalkOptions.defaults();
        return List.of(
                LayerWalker.of("glibc", (image, context) -> GlibcWalker.walk(image, glibcOptions, context)),
                // it needs nothing of the glibc walk: on a frozen copy it runs beside glibc and nginx (Capturer)
                LayerWalker.selfContained("luajit", image -> LuaJitWalker.walk(image, luaOptions)),
                LayerWalker.of("nginx", NginxWalker::plan,
                        (image, context) -> NginxWalker.walk(image, context, NginxOptions.defaults())));
    }
}
