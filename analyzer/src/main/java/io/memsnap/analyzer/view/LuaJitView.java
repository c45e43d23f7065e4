// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.view;

import io.memsnap.analyzer.findings.Shares;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitModule;
import io.memsnap.snapshot.model.luajit.LuaJitRetainer;
import io.memsnap.snapshot.model.luajit.LuaJitString;
import io.memsnap.snapshot.model.luajit.LuaJitTable;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a report shows of a process's LuaJIT VM. Every ranked list holds at most the asked number of rows (--top);
 * the counts before the cut are in {@link #heap}.
 *
 * @param heap the section as captured
 * @param allocator the allocator rows (footprint, in use, free, free pages resident, free bytes resident, used
 *     pages resident, not resident, GC heap) with their shares of the footprint and of RSS
 * @param objectTypes GC object types, most bytes first then by name, each with its share of the GC heap
 * @param tables the biggest tables, each with its share of the GC heap (object bytes are allocation bytes, not
 *     resident bytes: no share of RSS)
 * @param strings the biggest strings, each with its share of the GC heap
 * @param retainers the top retainers, each with its retained bytes as a share of the GC heap
 * @param modules the loaded modules, each with its retained bytes as a share of the GC heap
 */
public record LuaJitView(LuaJitHeap heap, List<AllocatorRow> allocator, List<Shared<GcObjectType>> objectTypes,
        List<Shared<LuaJitTable>> tables, List<Shared<LuaJitString>> strings, List<Shared<LuaJitRetainer>> retainers,
        List<Shared<LuaJitModule>> modules) {
    public LuaJitView {
        Objects.requireNonNull(heap, "heap");
        allocator = List.copyOf(allocator);
        objectTypes = List.copyOf(objectTypes);
        tables = List.copyOf(tables);
        strings = List.copyOf(strings);
        retainers = List.copyOf(retainers);
        modules = List.copyOf(modules);
    }

    /** Which allocator figure a row shows, in the order every report lists them, each with its row label. */
    public enum Figure {
        /** Bytes the allocator holds from the system. */
        FOOTPRINT("footprint"),
        /** Bytes in live chunks. */
        IN_USE("in use"),
        /** Bytes in free chunks. */
        FREE("free"),
        /** Whole free pages in RAM. */
        FREE_PAGES_RESIDENT("free pages, resident"),
        /** Free bytes on resident pages, byte-wise. */
        FREE_BYTES_RESIDENT("free bytes, resident"),
        /** Resident pages holding a live chunk. */
        USED_PAGES_RESIDENT("used pages, resident"),
        /** Footprint not in RAM. */
        NOT_RESIDENT("not resident"),
        /** collectgarbage("count"). */
        GC_HEAP("GC heap");

        private final String label;

        Figure(String label) {
            this.label = label;
        }

        /** The row label text and HTML print, {@code "free pages, resident"}. */
        public String label() {
            return label;
        }

        /** Whether the figure counts resident pages, so that a share of RSS means something. */
        public boolean resident() {
            return this == FREE_PAGES_RESIDENT || this == FREE_BYTES_RESIDENT || this == USED_PAGES_RESIDENT;
        }
    }

    /**
     * One allocator figure.
     *
     * @param figure which one
     * @param bytes its bytes
     * @param shareOfFootprint {@code bytes} as a fraction of the allocator's footprint
     * @param shareOfRss {@code bytes} as a fraction of the process's RSS for a {@link Figure#resident} figure; empty
     *     for the others (allocation bytes and address space, whose share of RSS could pass 100%) and without an RSS
     */
    public record AllocatorRow(Figure figure, long bytes, double shareOfFootprint, Optional<Double> shareOfRss) {
        public AllocatorRow {
            Objects.requireNonNull(shareOfRss, "shareOfRss");
        }
    }

    /** The row of {@code figure}. */
    public AllocatorRow row(Figure figure) {
        return allocator.stream().filter(r -> r.figure() == figure).findFirst().orElseThrow();
    }

    static LuaJitView of(LuaJitHeap l, long rssBytes, int top) {
        LuaJitAllocator a = l.allocator();
        long[] bytes = {a.footprintBytes(), a.usedBytes(), a.freeBytes(), a.reclaimableResidentBytes(),
            a.freeResidentBytes(), a.usedResidentBytes(), a.notResidentBytes(), l.gcTotalBytes()};
        List<AllocatorRow> rows = java.util.stream.IntStream.range(0, bytes.length)
                .mapToObj(i -> new AllocatorRow(Figure.values()[i], bytes[i], Shares.of(bytes[i], a.footprintBytes()),
                        Figure.values()[i].resident() ? Shares.ofWhole(bytes[i], rssBytes) : Optional.empty()))
                .toList();
        long gc = l.gcTotalBytes();
        List<GcObjectType> types = l.objects().stream()
                .sorted(Comparator.comparingLong(GcObjectType::bytes).reversed().thenComparing(GcObjectType::type))
                .toList();
        return new LuaJitView(l, rows, Shared.first(types, top, GcObjectType::bytes, gc),
                Shared.first(l.biggestTables(), top, LuaJitTable::bytes, gc),
                Shared.first(l.biggestStrings(), top, LuaJitString::bytes, gc),
                Shared.first(l.retainers(), top, LuaJitRetainer::retainedBytes, gc),
                Shared.first(l.modules(), top, LuaJitModule::retainedBytes, gc));
    }
}
