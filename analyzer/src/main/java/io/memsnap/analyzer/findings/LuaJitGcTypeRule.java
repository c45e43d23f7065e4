// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One object type dominates the LuaJIT GC heap: "Tables make 80% of the LuaJIT GC heap". The GC heap is
 * {@code gc.total} (what {@code collectgarbage("count")} shows). Silent unless the type holds at least
 * {@link #MIN_SHARE} of a GC heap of at least {@link #MIN_GC_BYTES}.
 *
 * <p>When tables dominate, the sentence names the largest one from {@link LuaJitHeap#biggestTables()} ("the largest
 * has 262,144 hash slots"), and the evidence lists the biggest tables by address. Where a table is referenced from
 * is not captured yet. Object bytes are allocation bytes, not resident bytes: the finding and its rows carry no share
 * of RSS (their share of the GC heap is in the words); the object bytes over RSS only set the severity.
 */
public final class LuaJitGcTypeRule implements FindingRule {
    /** Least share of the GC heap held by one type. */
    public static final double MIN_SHARE = 0.60;
    /** Least GC heap worth a finding. */
    public static final long MIN_GC_BYTES = 16L << 20;
    /** From this share of RSS on, the finding is a warning. */
    public static final double WARNING_RSS_SHARE = 0.10;

    private static final Map<String, String> PLURALS = Map.of("table", "Tables", "string", "Strings", "function",
            "Functions", "userdata", "Userdata", "cdata", "Cdata objects", "proto", "Function prototypes", "thread",
            "Coroutines", "trace", "JIT traces", "upvalue", "Upvalues");

    @Override
    public String id() {
        return "luajit.gc-type-dominant";
    }

    @Override
    public Optional<Finding> apply(ProcessSnapshot p) {
        if (p.luajit().isEmpty() || p.luajit().get().objects().isEmpty()) {
            return Optional.empty();
        }
        LuaJitHeap heap = p.luajit().get();
        long gcBytes = heap.gcTotalBytes() > 0 ? heap.gcTotalBytes()
                : heap.objects().stream().mapToLong(GcObjectType::bytes).sum();
        List<GcObjectType> types = new ArrayList<>(heap.objects());
        types.sort(Comparator.comparingLong(GcObjectType::bytes).reversed().thenComparing(GcObjectType::type));
        GcObjectType top = types.get(0);
        double gcShare = Shares.of(top.bytes(), gcBytes);
        if (gcBytes < MIN_GC_BYTES || gcShare < MIN_SHARE) {
            return Optional.empty();
        }
        long rss = p.rssBytes();
        String text = String.format(Locale.ROOT, "%s make %s of the LuaJIT GC heap (%s of %s, %s objects)%s.",
                plural(top.type()), HumanUnits.percent(gcShare), HumanUnits.bytes(top.bytes()),
                HumanUnits.bytes(gcBytes), HumanUnits.count(top.count()), largestTable(heap, top.type()));
        List<EvidenceRow> rows = new ArrayList<>(types.stream()
                .limit(3)
                .map(t -> EvidenceRow.notResident(t.type(), t.bytes(), HumanUnits.count(t.count()) + " objects, "
                        + HumanUnits.percent(Shares.of(t.bytes(), gcBytes)) + " of the GC heap"))
                .toList());
        if (top.type().equals("table")) {
            heap.biggestTables().stream().limit(3).forEach(t -> rows.add(EvidenceRow.notResident(
                    String.format(Locale.ROOT, "table 0x%x", t.address()), t.bytes(), slots(t) + ", "
                            + HumanUnits.percent(Shares.of(t.bytes(), gcBytes)) + " of the GC heap")));
        }
        Severity severity = Shares.of(top.bytes(), rss) >= WARNING_RSS_SHARE ? Severity.WARNING : Severity.INFO;
        return Optional.of(new Finding(id(), severity, p.pid(), text, top.bytes(), Optional.empty(), rows,
                whatToDo(top.type()), List.of("LuaJIT", "Lua " + top.type() + " memory", "collectgarbage",
                        "OpenResty memory")));
    }

    /** "; the largest has 262,144 hash slots (6.0 MiB)" when tables dominate and the walker listed them. */
    private static String largestTable(LuaJitHeap heap, String type) {
        if (!type.equals("table") || heap.biggestTables().isEmpty()) {
            return "";
        }
        LuaJitTable t = heap.biggestTables().get(0);
        return "; the largest has " + slots(t) + " (" + HumanUnits.bytes(t.bytes()) + ")";
    }

    private static String slots(LuaJitTable t) {
        if (t.hashSlots() == 0) {
            return HumanUnits.count(t.arraySlots()) + " array slots";
        }
        if (t.arraySlots() == 0) {
            return HumanUnits.count(t.hashSlots()) + " hash slots";
        }
        return HumanUnits.count(t.arraySlots()) + " array and " + HumanUnits.count(t.hashSlots()) + " hash slots";
    }

    private static String plural(String type) {
        return PLURALS.getOrDefault(type, "Objects of type \"" + type + "\"");
    }

    private static String whatToDo(String type) {
        return switch (type) {
            case "table" -> "Look for tables that grow without bound: module-level caches keyed by request data,"
                    + " tables kept alive by closures or timers.";
            case "string" -> "Look for strings built per request and kept: cache keys, buffered bodies, logs.";
            default -> "Look for what keeps these objects reachable: module-level references, timers, closures.";
        };
    }
}
