// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** Evidence rows for the largest resident mappings of a kind. Stateless. */
final class MappingRows {
    static final int LIMIT = 5;

    private MappingRows() {}

    /** Up to {@link #LIMIT} mappings matching {@code filter} with Rss, largest first, then by address. */
    static List<EvidenceRow> largest(ProcessSnapshot p, Predicate<Mapping> filter, String unnamed) {
        return p.mappings().stream()
                .filter(filter)
                .filter(m -> m.rssBytes() > 0)
                .sorted(Comparator.comparingLong(Mapping::rssBytes).reversed()
                        .thenComparing(Mapping::start, Long::compareUnsigned))
                .limit(LIMIT)
                .map(m -> EvidenceRow.of(m.path().isEmpty() ? unnamed : m.path(), m.rssBytes(), p.rssBytes(),
                        String.format(Locale.ROOT, "%x-%x %s", m.start(), m.end(), m.perms())))
                .toList();
    }
}
