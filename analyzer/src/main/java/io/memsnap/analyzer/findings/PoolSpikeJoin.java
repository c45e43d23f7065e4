// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import io.memsnap.snapshot.model.nginx.SizeBucket;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * Joins a glibc size-class spike with nginx pool ownership: the pool owner whose large allocations in that class
 * are the most, when they are at least {@link #MIN_SHARE} of the class's in-use chunks. Both sides bucket chunk
 * sizes by powers of two, so the counts compare directly. Stateless.
 */
final class PoolSpikeJoin {
    /** Least share of the class's in-use chunks one owner's large allocations need. */
    static final double MIN_SHARE = 0.50;

    /** One owner's large allocations inside a size class. */
    record Match(PoolOwner owner, long count, long bytes) {
        /** {@code "large allocations of 560 pools owned by X (evidence)"}. */
        String words() {
            return String.format(Locale.ROOT, "large allocations of %s pools owned by %s (%s)",
                    HumanUnits.count(owner.pools()), owner.owner(), owner.detail());
        }
    }

    private PoolSpikeJoin() {}

    static Optional<Match> of(ProcessSnapshot p, SizeClassTotal c) {
        if (p.nginx().isEmpty() || c.inUseCount() == 0) {
            return Optional.empty();
        }
        return p.nginx().get().owners().stream()
                .map(o -> inClass(o, c))
                .max(Comparator.comparingLong(Match::count).thenComparing(m -> m.owner().owner(),
                        Comparator.reverseOrder()))
                .filter(m -> m.count() >= MIN_SHARE * c.inUseCount());
    }

    private static Match inClass(PoolOwner o, SizeClassTotal c) {
        long count = 0;
        long bytes = 0;
        for (SizeBucket b : o.largeHistogram()) {
            if (b.minBytes() >= c.minBytes() && b.maxBytes() <= c.maxBytes()) {
                count += b.count();
                bytes += b.bytes();
            }
        }
        return new Match(o, count, bytes);
    }
}
