// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The process's RSS is close to its cgroup memory limit, where the OOM killer acts. Warning from
 * {@link #WARNING_RATIO} of the limit, critical from {@link #CRITICAL_RATIO}; silent without a limit.
 */
public final class CgroupLimitRule implements FindingRule {
    /** RSS over limit from which the finding is a warning. */
    public static final double WARNING_RATIO = 0.80;
    /** RSS over limit from which the finding is critical. */
    public static final double CRITICAL_RATIO = 0.90;

    @Override
    public String id() {
        return "cgroup.near-limit";
    }

    @Override
    public Optional<Finding> apply(ProcessSnapshot p) {
        if (p.cgroupMemoryLimitBytes().isEmpty() || p.cgroupMemoryLimitBytes().get() <= 0) {
            return Optional.empty();
        }
        long limit = p.cgroupMemoryLimitBytes().get();
        long rss = p.rssBytes();
        double ratio = Shares.of(rss, limit);
        if (ratio < WARNING_RATIO) {
            return Optional.empty();
        }
        String text = String.format(Locale.ROOT,
                "RSS of %s is %s of the cgroup memory limit of %s; the OOM killer acts at the limit.",
                HumanUnits.bytes(rss), HumanUnits.percent(ratio), HumanUnits.bytes(limit));
        List<EvidenceRow> rows = List.of(
                EvidenceRow.of("RSS", rss, rss),
                EvidenceRow.notResident("cgroup memory limit", limit, "RSS is " + HumanUnits.percent(ratio) + " of it"),
                EvidenceRow.notResident("headroom", Math.max(0, limit - rss), "limit minus RSS"));
        Severity severity = ratio >= CRITICAL_RATIO ? Severity.CRITICAL : Severity.WARNING;
        return Optional.of(new Finding(id(), severity, p.pid(), text, rss, Optional.of(1.0), rows,
                "The limit counts every process in the cgroup plus its page cache: act on the largest finding, or"
                        + " size the limit from this report's numbers.",
                List.of("cgroup memory limit", "OOM killed", "Kubernetes OOMKilled", "memory.max")));
    }
}
