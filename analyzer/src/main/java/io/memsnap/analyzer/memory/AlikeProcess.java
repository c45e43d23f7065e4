// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.memory;

import io.memsnap.snapshot.model.Category;
import java.util.List;
import java.util.Objects;

/**
 * A worker whose memory looks like an earlier worker's, so a report can show it in a line instead of a section.
 *
 * @param pid the worker
 * @param likePid the worker it is like, whose section the report shows in full
 * @param rssDeltaBytes its RSS minus that worker's (may be negative)
 * @param differences the categories that differ by at least {@link ProcessGrouping#NOTABLE_BYTES}, largest
 *     difference first
 */
public record AlikeProcess(int pid, int likePid, long rssDeltaBytes, List<Difference> differences) {
    public AlikeProcess {
        differences = List.copyOf(differences);
    }

    /**
     * One category's difference.
     *
     * @param category the RSS category
     * @param deltaBytes this worker's bytes minus the other's (may be negative)
     */
    public record Difference(Category category, long deltaBytes) {
        public Difference {
            Objects.requireNonNull(category, "category");
        }
    }
}
