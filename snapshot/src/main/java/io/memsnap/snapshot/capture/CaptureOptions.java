// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import java.time.Duration;
import java.util.Objects;

/**
 * How to capture a live process.
 *
 * @param freeze stop each process (every thread, with ptrace) while it is read, so walkers see consistent memory;
 *     each process is frozen on its own, for as short as its capture takes
 * @param includeWorkers for an nginx master, capture its workers too
 * @param freezeTimeout how long to wait for one thread to stop before giving up
 */
public record CaptureOptions(boolean freeze, boolean includeWorkers, Duration freezeTimeout) {
    public CaptureOptions {
        Objects.requireNonNull(freezeTimeout, "freezeTimeout");
        if (freezeTimeout.isNegative() || freezeTimeout.isZero()) {
            throw new IllegalArgumentException("freezeTimeout must be positive: " + freezeTimeout);
        }
    }

    /** Freeze, include workers, 5 s per thread. */
    public static CaptureOptions defaults() {
        return new CaptureOptions(true, true, Duration.ofSeconds(5));
    }

    /** The same options without freezing. */
    public CaptureOptions withoutFreeze() {
        return new CaptureOptions(false, includeWorkers, freezeTimeout);
    }
}
