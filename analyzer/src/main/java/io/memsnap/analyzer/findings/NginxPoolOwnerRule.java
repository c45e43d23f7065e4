// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One owner's nginx pools hold a large part of RSS: "560 pools owned by ngx_http_dyups_module hold 812 MiB
 * (resident 790 MiB, 77% of RSS): 2,240 large blocks of 790 MiB; evidence: referenced from the .bss of
 * ngx_http_dyups_module.so". Pool bytes are allocation bytes (a 16 KiB block whose later pages were never touched
 * counts whole), so the share of RSS is of the owner's resident bytes, and the finding's bytes are those. Only the
 * biggest owner is named. Silent below {@link #MIN_BYTES} pool bytes or {@link #MIN_SHARE} of RSS resident. A
 * snapshot written before resident bytes were recorded is judged by pool bytes over RSS but prints no share.
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
        Optional<Double> resident = Shares.ofRss(top.residentBytes(), p.rssBytes());
        // pool bytes are allocation bytes: only resident bytes make a share of RSS; an old snapshot without them
        // is judged by its allocation bytes against RSS, but no share is printed
        double gate = resident.orElse(Shares.of(top.bytes(), p.rssBytes()));
        if (top.bytes() < MIN_BYTES || gate < MIN_SHARE) {
            return Optional.empty();
        }
        String text = String.format(Locale.ROOT, "%s nginx pools owned by %s hold %s (%s): %s large blocks of"
                + " %s; evidence: %s (%s).", HumanUnits.count(top.pools()), top.owner(), HumanUnits.bytes(top.bytes()),
                residentWords(top, resident), HumanUnits.count(top.largeBlocks()), HumanUnits.bytes(top.largeBytes()),
                top.detail(), top.evidence().label());
        List<EvidenceRow> rows = n.owners().stream().limit(3)
                .map(o -> new EvidenceRow((o.residentBytes().isPresent() ? "resident pools of " : "pools of ")
                        + o.owner(), o.residentBytes().orElse(o.bytes()),
                        Shares.ofRss(o.residentBytes(), p.rssBytes()),
                        HumanUnits.count(o.pools()) + " pools, " + HumanUnits.count(o.largeBlocks())
                                + " large blocks" + (o.residentBytes().isPresent() ? "; resident of "
                                        + HumanUnits.bytes(o.bytes()) + " allocated" : "")))
                .toList();
        Severity severity = resident.orElse(0.0) >= CRITICAL_SHARE ? Severity.CRITICAL : Severity.WARNING;
        return Optional.of(new Finding(id(), severity, p.pid(), text, top.residentBytes().orElse(top.bytes()),
                resident, rows,
                "Check where " + top.owner() + " creates pools (ngx_create_pool) and whether it ever destroys them;"
                        + " pools that live as long as the worker only grow.",
                List.of("nginx pool", "ngx_create_pool", "ngx_destroy_pool", top.owner(), "memory leak")));
    }

    /** {@code "resident 180 MiB, 41% of RSS"}, or why there is no share. */
    private static String residentWords(PoolOwner o, Optional<Double> share) {
        if (o.residentBytes().isEmpty()) {
            return "resident bytes not recorded in this snapshot";
        }
        return "resident " + HumanUnits.bytes(o.residentBytes().get())
                + share.map(s -> ", " + HumanUnits.percent(s) + " of RSS").orElse("");
    }
}
