// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Shared memory (nginx zones and other shared mappings) makes a large part of RSS. It is counted in the RSS of
 * every process that touched it, which often explains "every worker is big". Silent below {@link #MIN_BYTES} or
 * {@link #MIN_SHARE} of RSS.
 */
public final class SharedMemoryRule implements FindingRule {
    /** Least shared bytes worth a finding. */
    public static final long MIN_BYTES = 64L << 20;
    /** Least share of RSS worth a finding. */
    public static final double MIN_SHARE = 0.25;
    /** From this share of RSS on, the finding is a warning. */
    public static final double WARNING_SHARE = 0.50;

    @Override
    public String id() {
        return "memory.shared";
    }

    @Override
    public Optional<Finding> apply(ProcessSnapshot p) {
        long zones = p.bytesOf(Category.NGINX_SHM);
        long other = p.bytesOf(Category.SHARED_MEMORY);
        long bytes = zones + other;
        long rss = p.rssBytes();
        double share = Shares.of(bytes, rss);
        if (bytes < MIN_BYTES || share < MIN_SHARE) {
            return Optional.empty();
        }
        // zones are told apart only once the nginx layer names them; until then do not print "zones 0 B"
        String split = zones > 0 ? String.format(Locale.ROOT, ": nginx shared zones %s, other %s",
                HumanUnits.bytes(zones), HumanUnits.bytes(other)) : "";
        String text = String.format(Locale.ROOT,
                "Shared memory makes %s of RSS (%s)%s; every process that touches it counts it in its RSS.",
                HumanUnits.percent(share), HumanUnits.bytes(bytes), split);
        List<EvidenceRow> rows = MappingRows.largest(p, Mapping::shared, "[shared anonymous]");
        Severity severity = share >= WARNING_SHARE ? Severity.WARNING : Severity.INFO;
        String whatToDo = Words.nginx(p)
                ? "Check zone sizes in nginx.conf (lua_shared_dict, limit_req_zone, keys_zone); count shared memory"
                        + " once for all workers (the PSS sum), not once per worker."
                : "Find who maps the largest shared mappings below; count shared memory once for all the processes"
                        + " that map it (the PSS sum), not once per process.";
        return Optional.of(new Finding(id(), severity, p.pid(), text, bytes, Optional.of(share), rows, whatToDo,
                Words.nginx(p) ? List.of("shared memory", "lua_shared_dict", "nginx shm zone", "RSS shared")
                        : List.of("shared memory", "RSS shared", "PSS")));
    }
}
