// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.view;

import io.memsnap.analyzer.findings.Shares;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import java.util.List;
import java.util.Objects;

/**
 * What a report shows of a process's nginx section.
 *
 * @param section the section as captured (pools, owners in their order, shared zones)
 * @param poolsShareOfRss the bytes of all pools as a fraction of RSS
 * @param owners the pool owners, in the section's order (most bytes first), at most the asked number, each with its
 *     share of RSS
 */
public record NginxView(NginxSection section, double poolsShareOfRss, List<Shared<PoolOwner>> owners) {
    public NginxView {
        Objects.requireNonNull(section, "section");
        owners = List.copyOf(owners);
    }

    /** The view of {@code n} in a process of {@code rssBytes}, owners cut to {@code top} rows (--top). */
    public static NginxView of(NginxSection n, long rssBytes, int top) {
        return new NginxView(n, Shares.of(n.pools().bytes(), rssBytes),
                Shared.first(n.owners(), top, PoolOwner::bytes, rssBytes));
    }
}
