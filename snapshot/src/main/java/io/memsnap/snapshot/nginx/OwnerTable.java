// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.snapshot.model.nginx.Evidence;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import io.memsnap.snapshot.model.nginx.SizeBucket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Sums pools per owner, with a power-of-two histogram of each owner's large allocations. The owner's evidence is
 * the strongest any of its pools has, with that pool's detail. Confined to one thread.
 */
final class OwnerTable {
    private final Map<String, Sum> sums = new LinkedHashMap<>();

    private static final class Sum {
        Evidence evidence = Evidence.NONE;
        String detail = "";
        long pools;
        long blocks;
        long bytes;
        long largeBlocks;
        long largeBytes;
        long residentBytes;
        /** False once one of its pools' residency is unknown: the owner's is then unknown, not a partial sum. */
        boolean residentKnown = true;
        final TreeMap<Long, long[]> histogram = new TreeMap<>();
    }

    /** The previous pool's owner's sum: pools of one owner come in runs. */
    private Sum lastSum;
    private String lastOwner;

    void add(Attributor.Attribution a, PoolTable t, int i) {
        Sum s = a.owner().equals(lastOwner) ? lastSum : sums.computeIfAbsent(a.owner(), k -> new Sum());
        lastOwner = a.owner();
        lastSum = s;
        if (s.pools == 0 || a.evidence().compareTo(s.evidence) < 0) {
            s.evidence = a.evidence();
            s.detail = a.detail();
        }
        s.pools++;
        s.blocks += t.blocks(i);
        s.bytes += t.glibcBytes(i);
        s.largeBlocks += t.largeBlocks(i);
        s.largeBytes += t.largeBytes(i);
        OptionalLong resident = t.residentBytes(i);
        s.residentKnown &= resident.isPresent();
        s.residentBytes += resident.orElse(0);
        for (int k = 0; k < t.largeBlocks(i); k++) {
            long size = t.largeSize(i, k);
            long min = Long.highestOneBit(size);
            long[] c = s.histogram.computeIfAbsent(min, x -> new long[2]);
            c[0]++;
            c[1] += size;
        }
    }

    /** Owners, most bytes first, ties by name. */
    List<PoolOwner> owners() {
        List<PoolOwner> out = new ArrayList<>();
        sums.forEach((owner, s) -> {
            List<SizeBucket> buckets = new ArrayList<>();
            s.histogram.forEach((min, c) -> buckets.add(new SizeBucket(min, min * 2, c[0], c[1])));
            out.add(new PoolOwner(owner, s.evidence, s.detail, s.pools, s.blocks, s.bytes, s.largeBlocks,
                    s.largeBytes, buckets, s.residentKnown ? Optional.of(s.residentBytes) : Optional.empty()));
        });
        out.sort(Comparator.comparingLong(PoolOwner::bytes).reversed().thenComparing(PoolOwner::owner));
        return out;
    }
}
