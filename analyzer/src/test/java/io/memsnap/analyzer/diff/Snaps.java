// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.HostInfo;
import io.memsnap.snapshot.model.ProcStatus;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.glibc.GlibcMmapped;
import io.memsnap.snapshot.model.glibc.SizeClass;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-built snapshots for diff and series tests: only what the diff reads is set. */
public final class Snaps {
    public static final long MIB = 1L << 20;

    private Snaps() {}

    /** A process whose RSS is the sum of {@code categories}. */
    public static ProcessSnapshot process(int pid, Role role, Map<Category, Long> categories, Optional<GlibcHeap> g,
            Optional<LuaJitHeap> l, Optional<Long> limit) {
        List<BreakdownEntry> e = new ArrayList<>();
        categories.forEach((c, b) -> e.add(new BreakdownEntry(c, b)));
        long rss = e.stream().mapToLong(BreakdownEntry::bytes).sum();
        return new ProcessSnapshot(pid, 1, role, "nginx", "nginx: " + role.key(), "/usr/sbin/nginx", rss,
                ProcStatus.unknown(), limit, Optional.empty(), List.of(), e, g, l, List.of());
    }

    public static Snapshot at(String instant, ProcessSnapshot... ps) {
        return new Snapshot(Snapshot.FORMAT, instant, "pid 1", new HostInfo("6.1", 4096, "test"), List.of(ps));
    }

    /** glibc with one main arena whose in-use chunks are the given classes [min, 2 min). */
    public static GlibcHeap glibc(long[][] minCountBytes) {
        List<SizeClass> cs = new ArrayList<>();
        long inUse = 0;
        long count = 0;
        for (long[] c : minCountBytes) {
            cs.add(new SizeClass(c[0], 2 * c[0], c[1], c[2], 0, 0, 0, 0, 0, 0, 0, 0));
            inUse += c[2];
            count += c[1];
        }
        GlibcArena a = new GlibcArena("main", 0x1000, 1, inUse, inUse, count, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, cs,
                List.of(), List.of());
        return new GlibcHeap("2.36", List.of(a), new GlibcMmapped(0, 0, 0), cs, List.of(), List.of());
    }

    /** LuaJIT with the given gc.total, free retained pages and object types. */
    public static LuaJitHeap luajit(long gcTotal, long freeRetained, GcObjectType... types) {
        LuaJitAllocator a = new LuaJitAllocator(0, 1, gcTotal + freeRetained, gcTotal, freeRetained, freeRetained,
                freeRetained, gcTotal, 0, 0, 0, 0, 0, 0);
        return new LuaJitHeap("openresty-luajit2", true, gcTotal, a, List.of(types), List.of());
    }
}
