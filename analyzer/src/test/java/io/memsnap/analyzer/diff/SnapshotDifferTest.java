// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import static io.memsnap.analyzer.diff.Snaps.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SnapshotDifferTest {
    private static ProcessSnapshot glibcWorker(int pid, long usedMib, long bigChunks) {
        return Snaps.process(pid, Role.WORKER, Map.of(Category.GLIBC_USED, usedMib * MIB, Category.BINARY_AND_LIBRARIES,
                10 * MIB), Optional.of(Snaps.glibc(new long[][] {{64, 10_000, 640_000}, {256 << 10, bigChunks,
                        bigChunks * (300 << 10)}})), Optional.empty(), Optional.empty());
    }

    private static String ids(SnapshotDiff d) {
        return d.findings().stream().map(DiffFinding::id).collect(Collectors.joining(","));
    }

    @Test
    void glibcGrowthIsNamedWithRateCategoryAndSizeClass() {
        // 2 h 10 min; glibc in use 100 -> 412 MiB; the 256-512 KiB class gains 1,000 chunks of 300 KiB (293 MiB)
        SnapshotDiff d = new SnapshotDiffer().diff(
                Snaps.at("2026-11-21T00:00:00Z", glibcWorker(7, 100, 100)),
                Snaps.at("2026-11-21T02:10:00Z", glibcWorker(7, 412, 1100)));
        assertEquals(Duration.ofMinutes(130), d.elapsed());
        DiffFinding f = d.findings().get(0);
        assertEquals("rss.growth", f.id());
        assertEquals(312 * MIB, f.deltaBytes());
        // 312 MiB / 130 min = 144 MiB/h
        assertEquals("RSS +312 MiB in 2 h 10 min (+144 MiB/h), 110 MiB -> 422 MiB; 100% of it is glibc in use "
                + "(+312 MiB): mostly 256–512 KiB glibc chunks (+293 MiB, +1,000, 94% of the growth).", f.text());
        MeasureDelta cls = d.all().delta("glibc", "size_class", "256–512 KiB");
        assertEquals(1000, cls.deltaCount().getAsLong());
        assertEquals(10.0, cls.relative().getAsDouble(), 1e-12);
        assertTrue(ids(d).contains("shape.changed"), ids(d));
    }

    @Test
    void smallChangesAreSteadyNeverGrowth() {
        SnapshotDiff d = new SnapshotDiffer().diff(
                Snaps.at("2026-11-21T00:00:00Z", glibcWorker(7, 100, 100)),
                Snaps.at("2026-11-21T00:10:00Z", glibcWorker(7, 100, 101)));
        // one more 300 KiB chunk: no growth sentence, and the shape test (still run, in the JSON) says no change
        assertEquals("rss.steady", ids(d));
        assertEquals(1, d.shapes().size());
        assertTrue(!d.shapes().get(0).changed() && d.shapes().get(0).pValue() > 0.001, d.shapes().toString());
    }

    @Test
    void luajitRetainedGrowthWithASteadyGcHeapIsAllocatorGrowth() {
        var before = Snaps.process(9, Role.LUAJIT, Map.of(Category.LUAJIT_USED, 12 * MIB,
                Category.LUAJIT_FREE_RESIDENT, 20 * MIB), Optional.empty(), Optional.of(Snaps.luajit(12 * MIB,
                        20 * MIB, new GcObjectType("table", 1000, 12 * MIB))), Optional.empty());
        var after = Snaps.process(9, Role.LUAJIT, Map.of(Category.LUAJIT_USED, 12 * MIB,
                Category.LUAJIT_FREE_RESIDENT, 200 * MIB), Optional.empty(), Optional.of(Snaps.luajit(12 * MIB,
                        200 * MIB, new GcObjectType("table", 1000, 12 * MIB))), Optional.empty());
        SnapshotDiff d = new SnapshotDiffer().diff(Snaps.at("2026-11-21T00:00:00Z", before),
                Snaps.at("2026-11-21T01:00:00Z", after));
        assertEquals("LuaJIT free-but-retained +180 MiB while the GC heap stayed at 12.0 MiB (±0 B): allocator "
                + "growth, not a Lua leak.", d.findings().get(1).text());
    }

    @Test
    void replacedWorkersAreComparedAsAGroupAndSaidSo() {
        SnapshotDiff d = new SnapshotDiffer().diff(
                Snaps.at("2026-11-21T00:00:00Z", glibcWorker(7, 100, 100), glibcWorker(8, 100, 100)),
                Snaps.at("2026-11-21T00:10:00Z", glibcWorker(17, 100, 100), glibcWorker(18, 150, 100)));
        assertEquals(List.of("workers were replaced (7,8 -> 17,18): another nginx generation after a reload, or "
                + "respawned workers; they are compared as a group, per-worker deltas are not meaningful"),
                d.mismatches());
        assertEquals(2, d.pairs().size());
        assertEquals(50 * MIB, d.pairs().get(1).delta("rss", "total", "rss").deltaBytes());
    }
}
