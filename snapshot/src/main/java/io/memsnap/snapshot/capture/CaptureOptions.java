// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to capture a live process.
 *
 * @param freeze stop each process (every thread, with ptrace) just long enough to copy its writable memory, then
 *     walk the copy, so walkers see consistent memory; each process is stopped on its own
 * @param includeWorkers for an nginx master, capture its workers too
 * @param freezeTimeout how long to wait for one thread to stop before giving up
 * @param maxPause the longest one process may be stopped: a process whose copy is estimated (from smaps) to take
 *     longer is refused before it is touched, and a copy that runs past it is abandoned
 * @param spillDir keep copies in a deleted file in this directory instead of memsnap's memory; empty for memory
 */
public record CaptureOptions(boolean freeze, boolean includeWorkers, Duration freezeTimeout, Duration maxPause,
        Optional<Path> spillDir) {
    /**
     * Default pause bound: 2 s, about 1.9 GiB of resident writable memory at the assumed copy speed. Measured on a
     * loaded 2-core VM, a 570 MiB LuaJIT heap paused 0.5-0.7 s (gcore: 4.5-5.7 s), but the first copy in a fresh
     * JVM ran past 1 s at 128 MiB; 2 s leaves that margin.
     */
    public static final Duration DEFAULT_MAX_PAUSE = Duration.ofSeconds(2);

    public CaptureOptions {
        Objects.requireNonNull(freezeTimeout, "freezeTimeout");
        Objects.requireNonNull(maxPause, "maxPause");
        Objects.requireNonNull(spillDir, "spillDir");
        if (freezeTimeout.isNegative() || freezeTimeout.isZero()) {
            throw new IllegalArgumentException("freezeTimeout must be positive: " + freezeTimeout);
        }
        if (maxPause.isNegative() || maxPause.isZero()) {
            throw new IllegalArgumentException("maxPause must be positive: " + maxPause);
        }
    }

    /** Options with the default pause bound and no spill directory. */
    public CaptureOptions(boolean freeze, boolean includeWorkers, Duration freezeTimeout) {
        this(freeze, includeWorkers, freezeTimeout, DEFAULT_MAX_PAUSE, Optional.empty());
    }

    /** Freeze, include workers, 5 s per thread, the default pause bound. */
    public static CaptureOptions defaults() {
        return new CaptureOptions(true, true, Duration.ofSeconds(5));
    }

    /** The same options without freezing. */
    public CaptureOptions withoutFreeze() {
        return new CaptureOptions(false, includeWorkers, freezeTimeout, maxPause, spillDir);
    }

    /** The same options with another pause bound and spill directory. */
    public CaptureOptions withCopyLimits(Duration newMaxPause, Optional<Path> newSpillDir) {
        return new CaptureOptions(freeze, includeWorkers, freezeTimeout, newMaxPause, newSpillDir);
    }
}
