// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.measure;

import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.List;

/**
 * Turns one layer's section of a process snapshot into keyed measures. One implementation per layer; a new layer
 * (nginx pools and zones, Lua retainers) gets diffs, series and feeds by adding one extractor to
 * {@link Measures#EXTRACTORS}. Implementations are stateless.
 */
public interface MeasureExtractor {
    /** The measures of {@code process}, empty when the process has no section of this layer. */
    List<Measure> extract(ProcessSnapshot process);
}
