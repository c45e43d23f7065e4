// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a frozen copy is taken.
 *
 * @param maxPause the longest the target may stay stopped: a copy estimated to take longer is refused before the
 *     target is touched, and a copy that runs past it is abandoned (the target runs again at once)
 * @param freezeTimeout how long to wait for one thread to stop
 * @param spillDir where to keep the copy in a (deleted) file instead of memsnap's memory; empty for memory
 */
public record CopyOptions(Duration maxPause, Duration freezeTimeout, Optional<Path> spillDir) {
    public CopyOptions {
        Objects.requireNonNull(maxPause, "maxPause");
        Objects.requireNonNull(freezeTimeout, "freezeTimeout");
        Objects.requireNonNull(spillDir, "spillDir");
        if (maxPause.isNegative() || maxPause.isZero()) {
            throw new IllegalArgumentException("maxPause must be positive: " + maxPause);
        }
    }
}
