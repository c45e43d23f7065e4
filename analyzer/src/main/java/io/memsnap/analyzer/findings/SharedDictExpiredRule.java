// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.nginx.ShmZone;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code lua_shared_dict} holds many expired entries: expiry is lazy (a write frees at most two expired entries at
 * the LRU tail), so expired keys stay resident ("shared dict X holds M MiB of expired entries"). The dict with the
 * most expired bytes is named. Silent below {@link #MIN_BYTES} unless they are {@link #MIN_SHARE} of the zone.
 */
public final class SharedDictExpiredRule implements FindingRule {
    /** Expired bytes worth a finding whatever the zone size. */
    public static final long MIN_BYTES = 1L << 20;
    /** Share of the zone size worth a finding. */
    public static final double MIN_SHARE = 0.10;

    @Override
    public String id() {
        return "nginx.shdict-expired";
    }

    @Override
    public Optional<Finding> apply(ProcessSnapshot p) {
        Optional<ShmZone> most = SharedDictRule.dicts(p)
                .filter(z -> z.expiredBytes().orElse(0L) >= MIN_BYTES
                        || Shares.of(z.expiredBytes().orElse(0L), z.sizeBytes()) >= MIN_SHARE)
                .max(Comparator.comparingLong((ShmZone z) -> z.expiredBytes().orElse(0L)).thenComparing(ShmZone::name));
        if (most.isEmpty()) {
            return Optional.empty();
        }
        ShmZone z = most.get();
        long bytes = z.expiredBytes().orElse(0L);
        String text = String.format(Locale.ROOT, "shared dict %s holds %s of expired entries (%s of its %s keys,"
                + " %s of the zone).", z.name(), HumanUnits.bytes(bytes), HumanUnits.count(z.expiredKeys().orElse(0L)),
                HumanUnits.count(z.keys().orElse(0L)), HumanUnits.percent(Shares.of(bytes, z.sizeBytes())));
        List<EvidenceRow> rows = List.of(EvidenceRow.notResident("expired entries in " + z.name(), bytes,
                HumanUnits.count(z.expiredKeys().orElse(0L)) + " keys"));
        return Optional.of(new Finding(id(), Severity.INFO, p.pid(), text, bytes, Optional.empty(), rows,
                "Call flush_expired() on the dict now and then (e.g. from an ngx.timer), or size it for the expired"
                        + " entries it carries.",
                List.of("lua_shared_dict", "flush_expired", "expired keys", "shdict memory")));
    }
}
