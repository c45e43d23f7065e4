// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.HostInfo;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ProcStatus;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.model.glibc.CommonSize;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.glibc.GlibcMmapped;
import io.memsnap.snapshot.model.glibc.SizeClass;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitTable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds process snapshots from records for rule tests: set only what a rule reads, the rest stays consistent. */
final class Processes {
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    static final long GIB = 1024 * MIB;

    private final Map<Category, Long> breakdown = new EnumMap<>(Category.class);
    private final List<Mapping> mappings = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private int pid = 100;
    private Role role = Role.WORKER;
    private Optional<Long> limit = Optional.empty();
    private Optional<GlibcHeap> glibc = Optional.empty();
    private Optional<LuaJitHeap> luajit = Optional.empty();

    static Processes worker() {
        return new Processes();
    }

    Processes pid(int p) {
        this.pid = p;
        return this;
    }

    Processes role(Role r) {
        this.role = r;
        return this;
    }

    Processes with(Category c, long bytes) {
        breakdown.merge(c, bytes, Long::sum);
        return this;
    }

    Processes mapping(String path, String perms, long rss) {
        long start = 0x10000000L + mappings.size() * 0x100000000L;
        mappings.add(new Mapping(start, start + rss + 4096, perms, 0, "00:00", 0, path, rss, rss, rss, 0, 0, rss, 0,
                0));
        return this;
    }

    Processes limit(long bytes) {
        this.limit = Optional.of(bytes);
        return this;
    }

    Processes warning(String w) {
        warnings.add(w);
        return this;
    }

    Processes glibc(GlibcHeap g) {
        this.glibc = Optional.of(g);
        return this;
    }

    Processes luajit(LuaJitHeap l) {
        this.luajit = Optional.of(l);
        return this;
    }

    ProcessSnapshot build() {
        List<BreakdownEntry> entries = new ArrayList<>();
        breakdown.forEach((c, b) -> entries.add(new BreakdownEntry(c, b)));
        long rss = entries.stream().mapToLong(BreakdownEntry::bytes).sum();
        return new ProcessSnapshot(pid, 1, role, "nginx", "nginx: worker process", "/usr/sbin/nginx", rss,
                ProcStatus.unknown(), limit, Optional.empty(), mappings, entries, glibc, luajit, warnings);
    }

    Snapshot snapshot() {
        return of(build());
    }

    static Snapshot of(ProcessSnapshot... ps) {
        return new Snapshot(Snapshot.FORMAT, "2026-11-21T00:00:00Z", "test", new HostInfo("6.1", 4096, "test"),
                List.of(ps));
    }

    /** One main arena with the given free counters and histogram; all resident free memory trimmable, none fragmented. */
    static GlibcHeap glibc(long free, long top, long tcache, long fastbin, long freeResident, SizeClass... classes) {
        return glibc(free, top, tcache, fastbin, freeResident, freeResident, 0, classes);
    }

    /** One main arena with free counters and the given trimmable and fragmented bytes. */
    static GlibcHeap glibc(long free, long top, long tcache, long fastbin, long freeResident, long trimmable,
            long fragmented, SizeClass... classes) {
        return new GlibcHeap("2.36", List.of(arena("main", 0x7f0000001000L, free, top, tcache, fastbin, freeResident,
                trimmable, fragmented, List.of(classes), List.of())), new GlibcMmapped(0, 0, 0), List.of(), List.of(),
                List.of());
    }

    /** An arena with the given free counters; in-use bytes and counts come from the histogram. */
    static GlibcArena arena(String kind, long address, long free, long top, long tcache, long fastbin,
            long freeResident, long trimmable, long fragmented, List<SizeClass> classes, List<CommonSize> common) {
        long inUse = classes.stream().mapToLong(SizeClass::usedBytes).sum();
        long inUseCount = classes.stream().mapToLong(SizeClass::usedCount).sum();
        return new GlibcArena(kind, address, 1, inUse + free + top + tcache + fastbin, inUse, inUseCount, free, 0,
                top, tcache, 0, fastbin, 0, 0, freeResident, trimmable, fragmented, classes, common, List.of());
    }

    /** A size class [min, 2*min) with only in-use chunks. */
    static SizeClass used(long min, long count, long bytes) {
        return new SizeClass(min, 2 * min, count, bytes, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** A LuaJIT heap whose resident free memory is all in whole pages (byte-wise free resident == reclaimable). */
    static LuaJitHeap luajit(long footprint, long used, long free, long freeResident, long gcTotal,
            GcObjectType... types) {
        return luajit(footprint, used, free, freeResident, freeResident, gcTotal, types);
    }

    /**
     * A LuaJIT heap with byte-wise {@code freeResident} and {@code reclaimable} resident pages without a live chunk;
     * the used pages are {@code used} rounded up to pages, the rest of the footprint is not resident.
     */
    static LuaJitHeap luajit(long footprint, long used, long free, long freeResident, long reclaimable, long gcTotal,
            GcObjectType... types) {
        long usedResident = Math.min((used + 4095) & ~4095L, footprint - reclaimable);
        LuaJitAllocator a = new LuaJitAllocator(0x40000010L, 1, footprint, used, free, freeResident, reclaimable,
                usedResident, footprint - reclaimable - usedResident, 0, 0, 0, 0, 0);
        return new LuaJitHeap("openresty-luajit2", true, gcTotal, a, List.of(types), List.of());
    }

    /** {@code heap} with {@code tables} as its biggest tables. */
    static LuaJitHeap withBiggestTables(LuaJitHeap h, LuaJitTable... tables) {
        return new LuaJitHeap(h.flavour(), h.gc64(), h.gcTotalBytes(), h.gc(), h.allocator(), h.objects(),
                h.objectBytes(), h.stringTableBytes(), h.tables(), List.of(tables), h.biggestStrings(), h.vms(),
                h.warnings());
    }
}
