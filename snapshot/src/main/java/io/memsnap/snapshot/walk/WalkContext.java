// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.walk;

import io.memsnap.snapshot.target.ProcessFacts;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the walkers of one process share during one capture: the process's facts, and transient facts that one
 * walker publishes for the walkers after it (the glibc walker's in-use chunks, which the nginx walker needs to find
 * pool heads). A fact that costs memory or time to build is built only on demand: before any walker walks, each
 * walker declares what it will look up ({@link LayerWalker#plan}, {@link #demand}), and the walker that could publish
 * it asks {@link #demanded}. Published facts are never part of the snapshot. One context per process; not
 * thread-safe.
 */
public final class WalkContext {
    private final ProcessFacts facts;
    private final Map<Class<?>, Object> published = new HashMap<>();
    private final Set<Class<?>> demanded = new HashSet<>();

    /** A context for the process described by {@code facts}. */
    public WalkContext(ProcessFacts facts) {
        this.facts = Objects.requireNonNull(facts, "facts");
    }

    /** Identity and counters of the process being walked. */
    public ProcessFacts facts() {
        return facts;
    }

    /** Declares that a walker will look up {@code type}; called while planning, before any walker walks. */
    public void demand(Class<?> type) {
        demanded.add(Objects.requireNonNull(type, "type"));
    }

    /** True if some walker declared it will look up {@code type}: only then need an earlier walker publish it. */
    public boolean demanded(Class<?> type) {
        return demanded.contains(type);
    }

    /** Publishes {@code value} under its type for later walkers; replaces an earlier value of the same type. */
    public <T> void publish(Class<T> type, T value) {
        published.put(Objects.requireNonNull(type, "type"), type.cast(Objects.requireNonNull(value, "value")));
    }

    /** The value an earlier walker published under {@code type}, if any. */
    public <T> Optional<T> lookup(Class<T> type) {
        return Optional.ofNullable(published.get(type)).map(type::cast);
    }
}
