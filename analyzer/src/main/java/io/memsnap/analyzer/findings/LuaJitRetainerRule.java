// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitRetainer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One object keeps much of the LuaJIT GC heap alive: "{@code package.loaded["app.cache"].items} retains 81.8 MiB
 * (65% of the GC heap): 700,111 objects that only this table keeps alive." The path and the retained bytes come
 * from the snapshot's dominator tree
 * ({@link LuaJitHeap#retainers()}); the advice follows from where the path starts and what it passes through.
 * Silent unless the top retainer holds at least {@link #MIN_SHARE} of a GC heap of at least {@link #MIN_GC_BYTES}.
 * Retained bytes are object (allocation) bytes, not resident bytes: the finding and its rows carry no share of RSS,
 * only of the GC heap; the retained bytes over RSS only set the severity.
 */
public final class LuaJitRetainerRule implements FindingRule {
    /** Least share of the GC heap the top retainer must hold. */
    public static final double MIN_SHARE = 0.25;
    /** Least GC heap worth a finding. */
    public static final long MIN_GC_BYTES = 8L << 20;
    /** From this share of RSS on, the finding is a warning. */
    public static final double WARNING_RSS_SHARE = 0.10;

    @Override
    public String id() {
        return "luajit.retainer";
    }

    @Override
    public Optional<Finding> apply(ProcessSnapshot p) {
        if (p.luajit().isEmpty() || p.luajit().get().retainers().isEmpty()) {
            return Optional.empty();
        }
        LuaJitHeap heap = p.luajit().get();
        LuaJitRetainer top = heap.retainers().get(0);
        long gcBytes = heap.gcTotalBytes();
        double gcShare = Shares.of(top.retainedBytes(), gcBytes);
        if (gcBytes < MIN_GC_BYTES || gcShare < MIN_SHARE) {
            return Optional.empty();
        }
        long rss = p.rssBytes();
        String text = String.format(Locale.ROOT,
                "%s retains %s (%s of the GC heap): %s objects that only this %s keeps alive.",
                top.shownPath(), HumanUnits.bytes(top.retainedBytes()), HumanUnits.percent(gcShare),
                HumanUnits.count(top.objects()), top.type());
        List<EvidenceRow> rows = heap.retainers().stream().limit(5)
                .map(r -> EvidenceRow.notResident(r.shownPath(), r.retainedBytes(), HumanUnits.count(r.objects())
                        + " objects, " + HumanUnits.percent(Shares.of(r.retainedBytes(), gcBytes)) + " of the GC heap"))
                .toList();
        Severity severity = Shares.of(top.retainedBytes(), rss) >= WARNING_RSS_SHARE ? Severity.WARNING
                : Severity.INFO;
        return Optional.of(new Finding(id(), severity, p.pid(), text, top.retainedBytes(),
                Optional.empty(), rows, advice(top.path()),
                List.of("LuaJIT", "Lua memory leak", "OpenResty memory", "package.loaded")));
    }

    /** What to look for, from the path's start and the hops it makes. */
    static String advice(String path) {
        if (path.contains("upvalue \"")) {
            return "A closure keeps this alive through the named upvalue: look for a cache or list captured by a "
                    + "long-lived function (a handler, a timer callback) that only grows.";
        }
        if (path.contains("coroutine:")) {
            return "A suspended coroutine keeps this in a local variable: look for coroutines (timers, cosockets, "
                    + "light threads) that never finish and for big locals kept across a yield.";
        }
        if (path.startsWith("package.loaded")) {
            return "Look for a module-level cache without a size bound (keyed by request data, never evicted); "
                    + "bound it (e.g. lua-resty-lrucache) or move it to a shared dict.";
        }
        if (path.startsWith("_G")) {
            return "A global variable holds this: look for an accidental global (a missing 'local') or a global "
                    + "table used as a cache.";
        }
        if (path.startsWith("registry")) {
            return "The registry holds this (references taken with luaL_ref or ngx_lua's per-request and timer "
                    + "state): look for references that are never released.";
        }
        return "Follow the path to the code that keeps this object reachable.";
    }
}
