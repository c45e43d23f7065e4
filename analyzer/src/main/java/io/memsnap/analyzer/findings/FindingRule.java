// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.Optional;

/**
 * One check over one process. A rule has a threshold and stays silent below it. Implementations are stateless and
 * thread-safe, and only read the snapshot.
 */
public interface FindingRule {
    /** The id every finding of this rule carries. */
    String id();

    /** The finding for {@code process}, or empty when the process is below this rule's threshold. */
    Optional<Finding> apply(ProcessSnapshot process);
}
