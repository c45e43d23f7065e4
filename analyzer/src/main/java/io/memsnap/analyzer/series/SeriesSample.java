// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.series;

import io.memsnap.snapshot.model.Snapshot;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One sample of a watch: a snapshot and the host's {@code MemAvailable} at that time.
 *
 * @param snapshot the capture
 * @param memAvailableBytes {@code MemAvailable} from {@code /proc/meminfo}, empty if not recorded
 */
public record SeriesSample(Snapshot snapshot, OptionalLong memAvailableBytes) {
    public SeriesSample {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(memAvailableBytes, "memAvailableBytes");
    }
}
