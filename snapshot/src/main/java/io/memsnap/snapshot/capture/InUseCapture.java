// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.glibc.GlibcWalkOptions;
import io.memsnap.snapshot.glibc.GlibcWalker;
import io.memsnap.snapshot.walk.InUseChunks;
import io.memsnap.snapshot.walk.LayerResult;
import io.memsnap.snapshot.walk.LayerWalker;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The glibc chunks one process holds in use now, from a capture of its glibc layer only (a frozen copy by default):
 * what the leak tracer checks its outstanding allocations against at the end of its window, instead of probing
 * {@code free}. Stateless.
 */
public final class InUseCapture {
    private InUseCapture() {}

    /** How often the capture is taken again when the heap could not be walked (e.g. changing under an unfrozen walk). */
    static final int ATTEMPTS = 3;

    /**
     * The in-use chunks of {@code pid} (its workers are not included).
     *
     * @throws MemsnapException TARGET_GONE, PERMISSION; UNSUPPORTED when the heap could not be walked in
     *     {@link #ATTEMPTS} captures
     */
    public static InUseChunks of(int pid, CaptureOptions options) {
        for (int attempt = 1; ; attempt++) {
            InUseChunks found = once(pid, options);
            if (found != null) {
                return found;
            }
            if (attempt == ATTEMPTS) {
                throw new MemsnapException(MemsnapException.Kind.UNSUPPORTED, "the glibc heap of pid " + pid
                        + " could not be walked in " + ATTEMPTS + " captures");
            }
        }
    }

    private static InUseChunks once(int pid, CaptureOptions options) {
        AtomicReference<InUseChunks> found = new AtomicReference<>();
        GlibcWalkOptions glibc = GlibcWalkOptions.defaults();
        List<LayerWalker> walkers = List.of(
                LayerWalker.of("glibc", (image, context) -> GlibcWalker.walk(image, glibc, context)),
                LayerWalker.of("in-use", (image, context) -> context.demand(InUseChunks.class), (image, context) -> {
                    found.set(context.lookup(InUseChunks.class).orElse(null));
                    return LayerResult.none();
                }));
        CaptureOptions one = new CaptureOptions(options.freeze(), false, options.freezeTimeout(), options.maxPause(),
                options.spillDir());
        new Capturer(Clock.systemUTC(), walkers, "in-use").captureLive(pid, one);
        return found.get();
    }
}
