// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Runs every rule over every process of a snapshot and ranks the findings: most severe first, then most bytes,
 * then rule id, then pid, so the order is total and deterministic. Thread-safe.
 */
public final class FindingsEngine {
    /** The ranking order. */
    public static final Comparator<Finding> RANKING = Comparator.comparing(Finding::severity)
            .thenComparing(Comparator.comparingLong(Finding::bytes).reversed())
            .thenComparing(Finding::id)
            .thenComparingInt(Finding::pid);

    private final List<FindingRule> rules;

    private FindingsEngine(List<FindingRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** An engine with every built-in rule at its default threshold. */
    public static FindingsEngine withDefaultRules() {
        return new FindingsEngine(List.of(
                new DominantLayerRule(),
                new GlibcFreeResidentRule(),
                new GlibcSizeClassSpikeRule(),
                new LuaJitFreeRetainedRule(),
                new LuaJitGcTypeRule(),
                new LuaJitRetainerRule(),
                new SharedMemoryRule(),
                new NginxPoolOwnerRule(),
                new SharedDictRule(),
                new SharedDictExpiredRule(),
                new UnattributedAnonymousRule(),
                new CgroupLimitRule(),
                new WalkerWarningsRule()));
    }

    /** An engine with exactly {@code rules}. */
    public static FindingsEngine of(List<FindingRule> rules) {
        return new FindingsEngine(rules);
    }

    /** All findings for all processes of {@code snapshot}, ranked; empty if nothing passed a threshold. */
    public List<Finding> analyze(Snapshot snapshot) {
        List<Finding> out = new ArrayList<>();
        for (ProcessSnapshot p : snapshot.processes()) {
            out.addAll(findings(p));
        }
        out.sort(RANKING);
        return List.copyOf(out);
    }

    /** The findings for one process, ranked. */
    public List<Finding> analyze(ProcessSnapshot process) {
        List<Finding> out = findings(process);
        out.sort(RANKING);
        return List.copyOf(out);
    }

    private List<Finding> findings(ProcessSnapshot p) {
        List<Finding> out = new ArrayList<>();
        for (FindingRule rule : rules) {
            Optional<Finding> f = rule.apply(p);
            f.ifPresent(out::add);
        }
        return out;
    }
}
