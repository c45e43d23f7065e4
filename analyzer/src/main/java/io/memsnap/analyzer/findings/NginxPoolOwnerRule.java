// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One owner's nginx pools hold a large part of RSS: "560 pools owned by ngx_http_dyups_module hold 812 MiB (79% of
 * RSS): 2,240 large blocks of 790 MiB; evidence: referenced from the .bss of ngx_http_dyups_module.so". Only the
 * biggest owner is named. Silent below {@link #MIN_BYTES} or {@link #MIN_SHARE} of RSS.
 */
public final class NginxPoolOwnerRule implements FindingRule {
    /** Least pool bytes of one owner worth a finding. */
    public static final long MIN_BYTES = 16L << 20;
    /** Least share of RSS worth a finding. */
    public static final double MIN_SHARE = 0.20;
    /** From this share of RSS on, the finding is critical. */
    public static final double CRITICAL_SHARE = 0.50;

    @Override
    public String id() {
        return "nginx.pool-owner";
    }

    @Override
    public Optional<Finding> apply(ProcessSnapshot p) {
        if (p.nginx().isEmpty() || p.nginx().get().owners().isEmpty()) {
            return Optional.empty();
        }
        NginxSection n = p.nginx().get();
        PoolOwner top = n.owners().get(0);
        double share = Shares.of(top.bytes(), p.rssBytes());
        if (top.bytes() < MIN_BYTES || share < MIN_SHARE) {
            return Optional.empty();
        }
        String text = String.format(Locale.ROOT, "%s nginx pools owned by %s hold %s (%s of RSS): %s large blocks of"
                + " %s; evidence: %s (%s).", HumanUnits.count(top.pools()), top.owner(), HumanUnits.bytes(top.bytes()),
                HumanUnits.percent(share), HumanUnits.count(top.largeBlocks()), HumanUnits.bytes(top.largeBytes()),
                top.detail(), top.evidence().label());
        List<EvidenceRow> rows = n.owners().stream().limit(3)
                .map(o -> EvidenceRow.of("pools of " + o.owner(), o.bytes(), p.rssBytes(),
                        HumanUnits.count(o.pools()) + " pools, " + HumanUnits.count(o.largeBlocks()) + " large blocks"))
                .toList();
        Severity severity = share >= CRITICAL_SHARE ? Severity.CRITICAL : Severity.WARNING;
        return Optional.of(new Finding(id(), severity, p.pid(), text, top.bytes(), share, rows,
                "Check where " + top.owner() + " creates pools (ngx_create_pool) and whether it ever destroys them;"
                        + " pools that live as long as the worker only grow.",
                List.of("nginx pool", "ngx_create_pool", "ngx_destroy_pool", top.owner(), "memory leak")));
    }
}
