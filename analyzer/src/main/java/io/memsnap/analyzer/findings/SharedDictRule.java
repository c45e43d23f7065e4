// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.nginx.ShmZone;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code lua_shared_dict} is full: its slab allocator failed allocations, so {@code set} evicts keys and
 * {@code safe_set} fails ("shared dict X is full: N failed allocations, keys being evicted"). The dict with the most
 * failures is named. Silent when no dict failed an allocation.
 */
public final class SharedDictRule implements FindingRule {
    @Override
    public String id() {
        return "nginx.shdict-full";
    }

    @Override
    public Optional<Finding> apply(ProcessSnapshot p) {
        Optional<ShmZone> full = dicts(p).filter(z -> z.failedAllocations() > 0)
                .max(Comparator.comparingLong(ShmZone::failedAllocations).thenComparing(ShmZone::name));
        if (full.isEmpty()) {
            return Optional.empty();
        }
        ShmZone z = full.get();
        String text = String.format(Locale.ROOT, "shared dict %s is full: %s failed allocations, keys being evicted"
                + " (%s keys, %s free of %s).", z.name(), HumanUnits.count(z.failedAllocations()),
                HumanUnits.count(z.keys().orElse(0L)), HumanUnits.bytes(z.freeBytes()), HumanUnits.bytes(z.sizeBytes()));
        List<EvidenceRow> rows = List.of(
                EvidenceRow.notResident("zone " + z.name() + " size", z.sizeBytes(), "lua_shared_dict"),
                EvidenceRow.notResident("slab pages in use", z.usedBytes(), ""),
                EvidenceRow.words("failed allocations", HumanUnits.count(z.failedAllocations())));
        return Optional.of(new Finding(id(), Severity.WARNING, p.pid(), text, z.sizeBytes(), Optional.empty(), rows,
                "Give the dict more memory (lua_shared_dict " + z.name() + " SIZE), store less per key, or set"
                        + " expiry times; failed set calls evict the least recently used keys.",
                List.of("lua_shared_dict", "no memory", "shdict full", "safe_set", "forcible")));
    }

    static java.util.stream.Stream<ShmZone> dicts(ProcessSnapshot p) {
        return p.nginx().stream().flatMap(n -> n.shmZones().stream()).filter(z -> z.keys().isPresent());
    }
}
