// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.walk;

import io.memsnap.snapshot.target.ProcessImage;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One allocator layer (glibc malloc, LuaJIT, nginx pools) that reads a process image and reports what it found.
 * The capture plans every walker on a process, then runs them in order, with one {@link WalkContext} per process; a walker that
 * finds nothing of its layer returns a result with no section.
 *
 * <p>Contract: read-only, bounded work (validate addresses against mappings, cap steps), and no exception for
 * damaged or unexpected target memory: report a warning instead. If a walker still throws, the capture drops
 * everything that walker reported for the process and records a warning; {@code TARGET_GONE} and
 * {@code PERMISSION} errors end the capture of that process. Implementations are called from one thread at a time.
 * A {@link #selfContained} walker may be called on another thread than the others, at the same time as they walk.
 */
public interface LayerWalker {

    /** A short name for warnings, e.g. {@code glibc}. */
    String name();

    /**
     * Called for every walker before any of them walks {@code image}: declares ({@link WalkContext#demand}) the facts
     * published by earlier walkers that this one will look up, so that costly ones are built only when needed.
     * Cheap, read-only, and it never throws for target data (when unsure, it demands). Default: demands nothing.
     */
    default void plan(ProcessImage image, WalkContext context) {}

    /** Walks the layer in {@code image}; may read facts published by earlier walkers and publish its own. */
    LayerResult<?> walk(ProcessImage image, WalkContext context);

    /**
     * True if this walker neither reads nor publishes facts of the {@link WalkContext}: its result depends on the
     * image alone, so a capture may run it on another thread (on the image's {@link ProcessImage#concurrentView})
     * while the other walkers walk, and still assemble the same snapshot. Default: false.
     */
    default boolean selfContained() {
        return false;
    }

    /**
     * A {@link #selfContained} walker from a name and a function of the image alone (it is never given the context).
     */
    static LayerWalker selfContained(String name, Function<ProcessImage, LayerResult<?>> walk) {
        Objects.requireNonNull(walk, "walk");
        LayerWalker w = of(name, (image, context) -> walk.apply(image));
        return new LayerWalker() {
            @Override
            public String name() {
                return w.name();
            }

            @Override
            public LayerResult<?> walk(ProcessImage image, WalkContext context) {
                return w.walk(image, context);
            }

            @Override
            public boolean selfContained() {
                return true;
            }
        };
    }

    /** A walker from a name and a function: how {@code capture.Layers} composes the layers, and tests too. */
    static LayerWalker of(String name, BiFunction<ProcessImage, WalkContext, LayerResult<?>> walk) {
        return of(name, (image, context) -> { }, walk);
    }

    /** A walker from a name, a {@link #plan} and a function. */
    static LayerWalker of(String name, BiConsumer<ProcessImage, WalkContext> plan,
            BiFunction<ProcessImage, WalkContext, LayerResult<?>> walk) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(walk, "walk");
        return new LayerWalker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void plan(ProcessImage image, WalkContext context) {
                plan.accept(image, context);
            }

            @Override
            public LayerResult<?> walk(ProcessImage image, WalkContext context) {
                return walk.apply(image, context);
            }
        };
    }
}
