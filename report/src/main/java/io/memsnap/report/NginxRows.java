// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.view.NginxView;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import io.memsnap.snapshot.model.nginx.ShmZone;
import io.memsnap.snapshot.model.nginx.SizeBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The cells of the nginx tables, shared by the text and HTML renderers: pools by owner (in the section's order,
 * most bytes first; bytes are allocation bytes, the share of RSS is of the resident bytes) and shared zones (in {@code cycle->shared_memory} order). Every cell is copied or formatted
 * from the snapshot; cells may hold target strings (zone names), which renderers escape. Stateless.
 */
public final class NginxRows {
    /** Header of {@link #owners}. */
    public static final List<String> OWNER_HEADER = List.of("owner", "pools", "blocks", "bytes", "resident", "of RSS",
            "large", "large bytes", "evidence");
    /** Header of {@link #zones}. */
    public static final List<String> ZONE_HEADER = List.of("zone", "kind", "size", "used", "free", "resident",
            "PSS", "keys", "expired", "failed");

    private NginxRows() {}

    /** The one-line summary of all pools. */
    public static String summary(NginxView v) {
        NginxSection n = v.section();
        return String.format(Locale.ROOT, "nginx pools: %s pools hold %s%s: %s blocks (%s used, %s unused),"
                + " %s large allocations of %s", HumanUnits.count(n.pools().count()), HumanUnits.bytes(n.pools().bytes()),
                resident(n.pools().residentBytes(), v.poolsShareOfRss()), HumanUnits.count(n.pools().blocks()),
                HumanUnits.bytes(n.pools().usedBytes()), HumanUnits.bytes(n.pools().unusedBytes()),
                HumanUnits.count(n.pools().largeBlocks()), HumanUnits.bytes(n.pools().largeBytes()));
    }

    /** {@code " (resident 3.1 MiB, 2% of RSS)"}; empty for a snapshot without resident bytes. */
    private static String resident(Optional<Long> bytes, Optional<Double> share) {
        return bytes.map(b -> " (resident " + HumanUnits.bytes(b)
                + share.map(x -> ", " + HumanUnits.percent(x) + " of RSS").orElse("") + ")").orElse("");
    }

    /** One row per owner the view holds (--top); resident and of RSS empty for a snapshot without resident bytes. */
    public static List<List<String>> owners(NginxView v) {
        List<List<String>> out = new ArrayList<>();
        for (NginxView.OwnerRow s : v.owners()) {
            PoolOwner o = s.item();
            out.add(List.of(o.owner(), HumanUnits.count(o.pools()), HumanUnits.count(o.blocks()),
                    HumanUnits.bytes(o.bytes()), o.residentBytes().map(HumanUnits::bytes).orElse(""),
                    s.shareOfRss().map(HumanUnits::percent).orElse(""),
                    HumanUnits.count(o.largeBlocks()), HumanUnits.bytes(o.largeBytes()), o.evidence().label()));
        }
        return out;
    }

    /** The evidence in words and the large-block histogram of one owner, e.g. "256–512 KiB: 2,240 (790 MiB)". */
    public static String ownerDetail(PoolOwner o) {
        String sizes = o.largeHistogram().stream().map(NginxRows::bucket).collect(Collectors.joining(", "));
        return o.detail() + (sizes.isEmpty() ? "" : "; large blocks " + sizes);
    }

    private static String bucket(SizeBucket b) {
        return String.format(Locale.ROOT, "%s: %s (%s)", HumanUnits.range(b.minBytes(), b.maxBytes()),
                HumanUnits.count(b.count()), HumanUnits.bytes(b.bytes()));
    }

    /** One row per shared zone. */
    public static List<List<String>> zones(NginxSection n) {
        List<List<String>> out = new ArrayList<>();
        for (ShmZone z : n.shmZones()) {
            out.add(List.of(z.name(), z.kind().isEmpty() ? z.module() : z.kind(), HumanUnits.bytes(z.sizeBytes()),
                    HumanUnits.bytes(z.usedBytes()), HumanUnits.bytes(z.freeBytes()),
                    HumanUnits.bytes(z.residentBytes()), HumanUnits.bytes(z.pssBytes()), z.keys().map(HumanUnits::count).orElse(""),
                    z.expiredKeys().map(HumanUnits::count).orElse(""), HumanUnits.count(z.failedAllocations())));
        }
        return out;
    }
}
