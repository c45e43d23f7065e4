// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.capture.LayerSink;
import io.memsnap.snapshot.capture.LayerWalker;
import io.memsnap.snapshot.capture.ProcessImage;

/** The LuaJIT layer of a capture: runs {@link LuaJitWalker} and reports its section and claims. */
public final class LuaJitLayer implements LayerWalker {
    private final LuaJitOptions options;

    /** A layer walking with {@code options}. */
    public LuaJitLayer(LuaJitOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "luajit";
    }

    @Override
    public void walk(ProcessImage image, LayerSink sink) {
        LuaJitWalkResult walk = LuaJitWalker.walk(image, options);
        walk.heap().ifPresent(sink::setLuaJit);
        walk.claims().forEach(sink::addClaim);
        walk.warnings().forEach(sink::addWarning);
    }
}
