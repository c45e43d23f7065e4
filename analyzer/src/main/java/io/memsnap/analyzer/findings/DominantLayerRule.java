// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Says which layer holds most of a process's RSS, the first step of every case: "Glibc holds 93% of this worker's
 * 1.2 GiB; LuaJIT 2.4%." Silent below {@link #MIN_SHARE} of RSS or for processes under {@link #MIN_RSS_BYTES}.
 */
public final class DominantLayerRule implements FindingRule {
    /** The top layer must hold at least this fraction of RSS. */
    public static final double MIN_SHARE = 0.60;
    /** Smaller processes are not worth a finding. */
    public static final long MIN_RSS_BYTES = 64L << 20;

    @Override
    public String id() {
        return "rss.dominant-layer";
    }

    @Override
    public Optional<Finding> apply(ProcessSnapshot p) {
        long rss = p.rssBytes();
        if (rss < MIN_RSS_BYTES) {
            return Optional.empty();
        }
        Map<Layer, Long> bytes = Layer.bytes(p);
        List<Layer> ranked = Layer.ranked(bytes);
        Layer top = ranked.get(0);
        long topBytes = bytes.get(top);
        double share = Shares.of(topBytes, rss);
        if (share < MIN_SHARE) {
            return Optional.empty();
        }
        Layer second = top == Layer.GLIBC ? Layer.LUAJIT : top == Layer.LUAJIT ? Layer.GLIBC : ranked.get(1);
        String text = String.format(Locale.ROOT, "%s holds %s of this %s's %s; %s %s.",
                Words.capitalize(top.label()), HumanUnits.percent(share), Words.noun(p), HumanUnits.bytes(rss),
                second.label(), HumanUnits.percent(Shares.of(bytes.get(second), rss)));
        List<EvidenceRow> rows = ranked.stream()
                .filter(l -> bytes.get(l) > 0)
                .map(l -> EvidenceRow.of(l.label(), bytes.get(l), rss))
                .toList();
        return Optional.of(new Finding(id(), Severity.INFO, p.pid(), text, topBytes, Optional.of(share), rows,
                top == Layer.UNATTRIBUTED && UnattributedAnonymousRule.walkFailed(p)
                        ? "A walk did not complete (see the capture warnings): capture again before looking"
                                + " elsewhere." : whatToDo(top, Words.nginx(p)),
                List.of("RSS", top.label() + " memory", Words.nginx(p) ? "nginx worker memory" : "process memory",
                        "memory breakdown")));
    }

    private static String whatToDo(Layer top, boolean nginx) {
        return switch (top) {
            case GLIBC -> "Look inside glibc: the size-class and free-memory findings say whether it is live"
                    + " allocations (trace who makes them) or free memory kept (trim it).";
            case LUAJIT -> "Compare LuaJIT used and free: free-but-retained memory is allocator behaviour,"
                    + " used memory is live Lua objects.";
            case UNATTRIBUTED -> "Find the owner of the largest anonymous mappings: another allocator (jemalloc,"
                    + " tcmalloc) or a module's own mmap.";
            case NGINX_SHM, SHARED_MEMORY -> nginx ? "Check shared zone sizes in nginx.conf (lua_shared_dict,"
                    + " limit_req_zone, keys_zone); shared memory counts in every worker's RSS."
                    : "Find who maps the largest shared mappings; shared memory counts in the RSS of every process"
                            + " that maps it.";
            case FILES -> "Mostly code and mapped files, shared with other processes; rarely the problem.";
            case STACKS -> "Check the thread count and thread stack sizes.";
            case KERNEL -> "Nothing to do: kernel-provided pages.";
        };
    }
}
