// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.view;

import io.memsnap.analyzer.findings.Shares;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a report shows of a process's nginx section. Pool bytes are allocation bytes (a block counts whole though
 * only its touched pages are resident), so every share of RSS here comes from the pools' resident bytes; a snapshot
 * without them (written before they were recorded) shows none.
 *
 * @param section the section as captured (pools, owners in their order, shared zones)
 * @param poolsShareOfRss the resident bytes of all pools as a fraction of RSS; empty if not recorded or past 100%
 * @param owners the pool owners, in the section's order (most bytes first), at most the asked number, each with the
 *     share of RSS of its resident bytes
 */
public record NginxView(NginxSection section, Optional<Double> poolsShareOfRss, List<OwnerRow> owners) {
    public NginxView {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(poolsShareOfRss, "poolsShareOfRss");
        owners = List.copyOf(owners);
    }

    /**
     * One owner's row.
     *
     * @param item the owner
     * @param shareOfRss its resident bytes as a fraction of RSS; empty if not recorded or past 100%
     */
    public record OwnerRow(PoolOwner item, Optional<Double> shareOfRss) {
        public OwnerRow {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(shareOfRss, "shareOfRss");
        }
    }

    /** The view of {@code n} in a process of {@code rssBytes}, owners cut to {@code top} rows (--top). */
    public static NginxView of(NginxSection n, long rssBytes, int top) {
        return new NginxView(n, Shares.ofRss(n.pools().residentBytes(), rssBytes), n.owners().stream().limit(top)
                .map(o -> new OwnerRow(o, Shares.ofRss(o.residentBytes(), rssBytes))).toList());
    }
}
