// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * One allocator layer (glibc malloc, LuaJIT, nginx pools) that reads a process image and reports what it found.
 * The capture runs every walker on every process; a walker that finds nothing of its layer simply reports nothing.
 *
 * <p>Contract: read-only, bounded work (validate addresses against mappings, cap steps), and no exception for
 * damaged or unexpected target memory: report a warning instead. If a walker still throws, the capture drops
 * everything that walker reported for the process and records a warning; {@code TARGET_GONE} and
 * {@code PERMISSION} errors end the capture of that process. Implementations are called from one thread at a time.
 */
public interface LayerWalker {

    /** A short name for warnings, e.g. {@code glibc}. */
    String name();

    /** Walks the layer in {@code image} and reports sections, claims and warnings to {@code sink}. */
    void walk(ProcessImage image, LayerSink sink);

    /** A walker from a name and a function, for small layers and tests. */
    static LayerWalker of(String name, BiConsumer<ProcessImage, LayerSink> walk) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(walk, "walk");
        return new LayerWalker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void walk(ProcessImage image, LayerSink sink) {
                walk.accept(image, sink);
            }
        };
    }
}
