// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.snapshot.model.Category;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns the deltas of all processes into sentences: how much RSS changed and how fast, which category and which
 * finer item (glibc size class, LuaJIT object type) carry the growth, whether LuaJIT growth is live Lua objects or
 * allocator retention, whether nginx's cycle pool or pool owners grew, and whether the glibc size histogram changed
 * shape. Changes under the {@link NoiseFloor} are called steady, never growth. Stateless.
 */
final class DiffFinder {
    private DiffFinder() {}

    static List<DiffFinding> find(ProcessPair all, Duration elapsed, List<ShapeTest> shapes) {
        List<DiffFinding> out = new ArrayList<>();
        out.add(rss(all, elapsed));
        LuaJitDiffWords.findings(all).forEach(out::add);
        NginxDiffWords.findings(all).forEach(out::add);
        for (ShapeTest t : shapes) {
            // a histogram whose bytes moved less than the noise floor is not worth a sentence, whatever its shape
            long moved = all.group(t.layer(), t.group()).stream().mapToLong(d -> Math.abs(d.deltaBytes())).sum();
            long size = all.group(t.layer(), t.group()).stream().mapToLong(MeasureDelta::beforeBytes).sum();
            if (NoiseFloor.exceeded(size, moved)) {
                out.add(ShapeWords.finding(t));
            }
        }
        return out;
    }

    private static DiffFinding rss(ProcessPair all, Duration elapsed) {
        MeasureDelta rss = all.delta("rss", "total", "rss");
        long d = rss.deltaBytes();
        String span = elapsed.isZero() ? "" : " in " + Spans.duration(elapsed)
                + (elapsed.getSeconds() > 0 ? " (" + Spans.rate((double) d / elapsed.getSeconds()) + ")" : "");
        if (!NoiseFloor.exceeded(rss.beforeBytes(), d)) {
            return new DiffFinding("rss.steady", "RSS steady: " + Spans.signedBytes(d) + span + " ("
                    + HumanUnits.bytes(rss.beforeBytes()) + " -> " + HumanUnits.bytes(rss.afterBytes())
                    + "), within the noise floor of " + HumanUnits.bytes(NoiseFloor.of(rss.beforeBytes())) + ".", d);
        }
        String head = "RSS " + Spans.signedBytes(d) + span + ", " + HumanUnits.bytes(rss.beforeBytes()) + " -> "
                + HumanUnits.bytes(rss.afterBytes());
        if (d < 0) {
            return new DiffFinding("rss.shrink", head + ".", d);
        }
        MeasureDelta top = all.group("rss", "category").stream()
                .max(Comparator.comparingLong(MeasureDelta::deltaBytes)).orElseThrow();
        String text = head + "; " + HumanUnits.percent((double) top.deltaBytes() / d) + " of it is "
                + label(top.key().name()) + " (" + Spans.signedBytes(top.deltaBytes()) + ")"
                + detail(all, top.key().name(), d).orElse("") + ".";
        return new DiffFinding("rss.growth", text, d);
    }

    /** The finer item behind a grown category: a glibc size class or a LuaJIT object type. */
    private static Optional<String> detail(ProcessPair all, String category, long rssDelta) {
        String group;
        String what;
        if (category.equals(Category.GLIBC_USED.key()) || category.equals(Category.HEAP.key())
                || category.equals(Category.ANONYMOUS.key())) {
            group = "glibc/size_class";
            what = " glibc chunks";
        } else if (category.equals(Category.LUAJIT_USED.key())) {
            group = "luajit/object_type";
            what = " objects";
        } else {
            return Optional.empty();
        }
        String[] lg = group.split("/");
        List<String> items = all.group(lg[0], lg[1]).stream()
                .filter(x -> x.deltaBytes() > 0 && NoiseFloor.exceeded(x.beforeBytes(), x.deltaBytes())
                        && x.deltaBytes() * 10 >= rssDelta)
                .sorted(Comparator.comparingLong(MeasureDelta::deltaBytes).reversed()
                        .thenComparing(x -> x.key().name()))
                .limit(2)
                .map(x -> x.key().name() + what + " (" + Spans.signedBytes(x.deltaBytes())
                        + x.deltaCount().stream().mapToObj(c -> ", " + Spans.signedCount(c))
                                .findFirst().orElse("")
                        + ", " + HumanUnits.percent((double) x.deltaBytes() / rssDelta) + " of the growth)")
                .toList();
        return items.isEmpty() ? Optional.empty() : Optional.of(": mostly " + String.join(" and ", items));
    }

    private static String label(String categoryKey) {
        for (Category c : Category.values()) {
            if (c.key().equals(categoryKey)) {
                return c.label();
            }
        }
        return categoryKey;
    }
}
