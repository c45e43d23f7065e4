// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import io.memsnap.analyzer.findings.HumanUnits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * LuaJIT's side of a diff in words: live objects grew (gc.total, by type: a Lua leak candidate), or the allocator
 * retains more free pages while the GC heap stayed (allocator growth, not a Lua leak). Stateless.
 */
final class LuaJitDiffWords {
    private LuaJitDiffWords() {}

    static List<DiffFinding> findings(ProcessPair all) {
        List<DiffFinding> out = new ArrayList<>();
        MeasureDelta gc = all.delta("luajit", "gc", "total");
        MeasureDelta retained = all.delta("luajit", "allocator", "free retained");
        boolean gcGrew = gc.deltaBytes() > 0 && NoiseFloor.exceeded(gc.beforeBytes(), gc.deltaBytes());
        boolean retainedGrew = retained.deltaBytes() > 0
                && NoiseFloor.exceeded(retained.beforeBytes(), retained.deltaBytes());
        // the allocator's retention explains the growth when it outgrew the live heap fourfold
        boolean allocator = retainedGrew && (!gcGrew || retained.deltaBytes() >= 4 * gc.deltaBytes());
        if (allocator) {
            out.add(new DiffFinding("luajit.allocator-growth", "LuaJIT free-but-retained "
                    + Spans.signedBytes(retained.deltaBytes()) + " while the GC heap stayed at "
                    + HumanUnits.bytes(gc.afterBytes()) + " (" + Spans.signedBytes(gc.deltaBytes())
                    + "): allocator growth, not a Lua leak.", retained.deltaBytes()));
        }
        if (gcGrew && !allocator) {
            String types = all.group("luajit", "object_type").stream()
                    .filter(t -> t.deltaBytes() > 0)
                    .sorted(Comparator.comparingLong(MeasureDelta::deltaBytes).reversed()
                            .thenComparing(t -> t.key().name()))
                    .limit(3)
                    .map(t -> t.key().name() + " " + Spans.signedBytes(t.deltaBytes())
                            + t.deltaCount().stream().mapToObj(c -> " (" + Spans.signedCount(c) + ")").findFirst().orElse(""))
                    .collect(Collectors.joining(", "));
            out.add(new DiffFinding("luajit.gc-growth", "LuaJIT GC heap " + Spans.signedBytes(gc.deltaBytes()) + " ("
                    + HumanUnits.bytes(gc.beforeBytes()) + " -> " + HumanUnits.bytes(gc.afterBytes()) + "): "
                    + types + ". Live Lua objects grew: something keeps references to them.", gc.deltaBytes()));
        }
        return out;
    }
}
