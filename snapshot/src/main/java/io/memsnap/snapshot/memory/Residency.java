// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.memory;

import java.util.BitSet;
import java.util.Optional;

/**
 * Which pages of the target are resident in RAM ({@code /proc/PID/pagemap} present bit). Core files have no such
 * information: {@link #unknown()}.
 */
public interface Residency {

    /**
     * Present bits for the pages of {@code [start, end)}, both page-aligned; bit i is page {@code start + i*page}.
     * Empty if residency is unknown for this target.
     *
     * @throws UnreadableMemoryException if pagemap cannot be read for the range
     */
    Optional<BitSet> residentPages(long start, long end);

    /** Page size in bytes. */
    long pageSizeBytes();

    /** A residency source that knows nothing (core files). */
    static Residency unknown() {
        return new Residency() {
            @Override
            public Optional<BitSet> residentPages(long start, long end) {
                return Optional.empty();
            }

            @Override
            public long pageSizeBytes() {
                return 4096;
            }
        };
    }
}
