// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.capture.LayerSink;
import io.memsnap.snapshot.capture.LayerWalker;
import io.memsnap.snapshot.capture.ProcessImage;

/** The glibc malloc layer of a capture: runs {@link GlibcWalker} and reports its section and claims. */
public final class GlibcLayer implements LayerWalker {
    private final GlibcWalkOptions options;

    /** A layer walking with {@code options}. */
    public GlibcLayer(GlibcWalkOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "glibc";
    }

    @Override
    public void walk(ProcessImage image, LayerSink sink) {
        GlibcWalk walk = GlibcWalker.walk(image, options);
        walk.heap().ifPresent(sink::setGlibc);
        walk.claims().forEach(sink::addClaim);
        walk.warnings().forEach(sink::addWarning);
    }
}
