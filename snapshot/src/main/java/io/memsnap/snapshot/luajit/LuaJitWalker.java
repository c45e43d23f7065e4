// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.elf.Symbolizer;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.Plausibility;
import io.memsnap.snapshot.model.ResidentClaim;
import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitGcState;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitTableParts;
import io.memsnap.snapshot.model.luajit.LuaJitVm;
import io.memsnap.snapshot.target.ProcessImage;
import io.memsnap.snapshot.walk.LayerResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the LuaJIT VMs of a process (OpenResty luajit2 or upstream LuaJIT 2.1, GC64, x86_64, internal allocator)
 * and describes the main one: allocator segments walked chunk by chunk, collector counters, and the GC object heap
 * by type. Also claims the resident pages of every VM's segments and direct chunks for the RSS breakdown. The
 * target should be frozen; on a running target lists may tear, which gives warnings and partial counts. Reads only.
 */
public final class LuaJitWalker {
    private static final String[] PHASES = {"pause", "propagate", "atomic", "sweepstring", "sweep", "finalize"};

    private LuaJitWalker() {}

    /**
     * Walks {@code image}. Never throws for target contents: unreadable or implausible memory becomes a warning.
     *
     * @param image the target, ideally stopped
     * @param options bounds and whether string contents may be read
     * @return the main VM's heap (empty if none was found), resident claims, warnings
     */
    public static LayerResult<LuaJitHeap> walk(ProcessImage image, LuaJitOptions options) {
        TargetReader reader = new TargetReader(image.memory(), image.mappings(), options.cacheBytes());
        VmScanner.Found found = VmScanner.scan(image, reader);
        List<String> warnings = new ArrayList<>(found.warnings());
        if (found.vms().isEmpty()) {
            return new LayerResult<>(Optional.empty(), List.of(), warnings);
        }
        List<AllocatorWalk> walks = new ArrayList<>();
        for (VmCandidate vm : found.vms()) {
            walks.add(SegmentWalker.walk(reader, vm.mstate()));
        }
        prefetchUsedPages(reader, walks);
        List<DirectChunk> directs = outsideSegments(found.directs(), walks);
        long[] totals = found.vms().stream().mapToLong(vm -> gcTotal(reader, vm)).toArray();
        int main = largest(totals);
        VmCandidate mainVm = found.vms().get(main);
        Set<Long> directUsers = directs.stream().map(DirectChunk::userAddress).collect(Collectors.toSet());
        long chunkBytes = walks.get(main).usedBytes() + directs.stream().mapToLong(DirectChunk::chunkBytes).sum();
        long bound = Math.min(options.maxObjects(), chunkBytes / 32 + 1);
        GcWalk walked = GcWalker.walk(reader, mainVm, options, directUsers, bound);
        List<String> gcWarnings = new ArrayList<>(walked.warnings());
        // a torn walk's objects are dropped below: no graph is built over a heap that changed under the walk
        RetentionAnalysis.Retention retention = walked.torn() ? RetentionAnalysis.Retention.NONE
                : RetentionAnalysis.run(reader, mainVm, walked.nodes(), options,
                        new RegistryRoles(() -> Symbolizer.of(image.mappings(), image::file)), gcWarnings);
        GcWalk gcWalk = new GcWalk(walked.tally(), walked.touchedDirect(), walked.stringTableBytes(), gcWarnings,
                walked.torn(), walked.nodes());
        // with one VM every direct chunk is its own; with several, only those its objects point to
        List<DirectChunk> mine = found.vms().size() == 1 ? directs
                : directs.stream().filter(d -> gcWalk.touchedDirect().contains(d.userAddress())).toList();
        if (mine.size() < directs.size()) {
            warnings.add((directs.size() - mine.size()) + " LuaJIT direct chunks are not referenced by the main VM "
                    + "and belong to another VM; they count in the breakdown but not in the main VM's allocator");
        }
        ResidentSplit mainSplit = split(walks.get(main).segments(), mine, image, warnings);
        ResidentSplit all = mainSplit;
        for (int i = 0; i < walks.size(); i++) {
            if (i != main) {
                all = all.plus(split(walks.get(i).segments(), List.of(), image, warnings));
            }
        }
        all = all.plus(split(List.of(), directs.stream().filter(d -> !mine.contains(d)).toList(), image, warnings));
        List<LuaJitVm> vms = new ArrayList<>();
        for (int i = 0; i < found.vms().size(); i++) {
            VmCandidate vm = found.vms().get(i);
            vms.add(new LuaJitVm(vm.state(), vm.global(), vm.mstate(), vm.layout().flavour(), totals[i], i == main));
        }
        vms.sort(Comparator.comparingLong(LuaJitVm::stateAddress));
        LuaJitHeap heap = heap(reader, mainVm, totals[main], walks.get(main), mine, mainSplit, gcWalk, vms)
                .withRetention(retention.retainers(), retention.modules(), retention.reachability());
        List<String> violations = new ArrayList<>(Plausibility.violations("pid " + image.pid(), heap));
        if (heap.allocator().usedBytes() < heap.gcTotalBytes()) {
            violations.add("gc_total above the allocator's in-use bytes");
        }
        if (gcWalk.torn() || !violations.isEmpty()) {
            heap = withoutObjects(heap, violations);
            warnings.add(Plausibility.TORN);
        }
        return LayerResult.of(heap, claims(all, warnings), warnings);
    }

    /**
     * The section of a torn walk: allocator and collector counters stay, the GC objects (whose counts came from a
     * heap that changed under the walk) are dropped, so no finding rests on them; the warnings say why.
     */
    static LuaJitHeap withoutObjects(LuaJitHeap h, List<String> violations) {
        List<String> warnings = new ArrayList<>(h.warnings());
        violations.stream().limit(3).forEach(v -> warnings.add("implausible: " + v));
        warnings.add("GC objects not reported: the walk was torn (the heap changed while it was read, or is "
                + "corrupt)");
        return new LuaJitHeap(h.flavour(), h.gc64(), h.gcTotalBytes(), h.gc(), h.allocator(), List.of(), 0, 0,
                new LuaJitTableParts(0, 0, 0, 0), List.of(), List.of(), h.vms(), warnings);
    }

    /** The GC walk only visits used chunks: their pages are read in bulk up front (see TargetReader). */
    private static void prefetchUsedPages(TargetReader reader, List<AllocatorWalk> walks) {
        long[] pages = new long[1024];
        int n = 0;
        for (AllocatorWalk w : walks) {
            for (Segment s : w.segments()) {
                for (int i = s.ledger().nextUsedPage(0); i >= 0; i = s.ledger().nextUsedPage(i + 1)) {
                    if (n == pages.length) {
                        pages = Arrays.copyOf(pages, n * 2);
                    }
                    pages[n++] = s.ledger().pageAddress(i);
                }
            }
        }
        reader.prefetchPages(pages, n);
    }

    /** Drops "direct chunks" found inside a walked segment: those are chunk contents that look like one. */
    private static List<DirectChunk> outsideSegments(List<DirectChunk> found, List<AllocatorWalk> walks) {
        return found.stream().filter(d -> walks.stream().flatMap(w -> w.segments().stream())
                .noneMatch(s -> d.address() >= s.base() && d.address() < s.end())).toList();
    }

    private static int largest(long[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            best = values[i] > values[best] ? i : best;
        }
        return best;
    }

    private static ResidentSplit split(List<Segment> segments, List<DirectChunk> directs, ProcessImage image,
            List<String> warnings) {
        try {
            return ResidentSplit.of(segments, directs, image.residency());
        } catch (UnreadableMemoryException e) {
            warnings.add("LuaJIT page residency unreadable: " + e.getMessage());
            return ResidentSplit.UNKNOWN;
        }
    }

    private static List<ResidentClaim> claims(ResidentSplit all, List<String> warnings) {
        if (!all.known()) {
            warnings.add("page residency unknown: LuaJIT pages are not split into used and free-resident");
            return List.of();
        }
        return List.of(new ResidentClaim(Category.ANONYMOUS, Category.LUAJIT_USED, all.usedResidentBytes()),
                new ResidentClaim(Category.ANONYMOUS, Category.LUAJIT_FREE_RESIDENT, all.reclaimableResidentBytes()));
    }

    private static LuaJitHeap heap(TargetReader reader, VmCandidate vm, long gcTotal, AllocatorWalk walk,
            List<DirectChunk> directs, ResidentSplit split, GcWalk gcWalk, List<LuaJitVm> vms) {
        List<String> warnings = new ArrayList<>(walk.warnings());
        warnings.addAll(gcWalk.warnings());
        long directMapped = directs.stream().mapToLong(DirectChunk::mappingBytes).sum();
        long directChunkBytes = directs.stream().mapToLong(DirectChunk::chunkBytes).sum();
        LuaJitAllocator alloc = new LuaJitAllocator(vm.mstate(), walk.segments().size(),
                walk.footprintBytes() + directMapped, walk.usedBytes() + directChunkBytes, walk.freeBytes(),
                split.freeResidentBytes(), split.reclaimableResidentBytes(), split.usedResidentBytes(),
                split.notResidentBytes(), walk.topBytes(),
                directMapped, directs.size(), walk.usedChunks(), walk.freeChunks());
        if (alloc.usedBytes() < gcTotal) {
            warnings.add(String.format(Locale.ROOT, "allocator in-use bytes (%d) are below gc.total (%d): the walk "
                    + "missed chunks or the target changed during capture", alloc.usedBytes(), gcTotal));
        }
        LuaJitGcState gc = gcState(reader, vm, warnings);
        GcTally t = gcWalk.tally();
        return new LuaJitHeap(vm.layout().flavour(), true, gcTotal, gc, alloc, t.objects(), t.totalBytes(),
                gcWalk.stringTableBytes(), t.tableParts(), t.biggestTables(), t.biggestStrings(), vms, warnings);
    }

    private static long gcTotal(TargetReader reader, VmCandidate vm) {
        try {
            return reader.u64(vm.global() + VmLayout.G_GC_TOTAL);
        } catch (UnreadableMemoryException e) {
            return 0;
        }
    }

    private static LuaJitGcState gcState(TargetReader reader, VmCandidate vm, List<String> warnings) {
        long g = vm.global();
        try {
            int state = reader.u8(g + VmLayout.G_GC_STATE);
            String phase = state < PHASES.length ? PHASES[state] : "unknown(" + state + ")";
            if (state >= 3 && state <= 5) {
                warnings.add("the collector was sweeping (" + phase + "): counts include garbage not yet freed");
            }
            return new LuaJitGcState(reader.u64(g + VmLayout.G_GC_THRESHOLD), reader.u64(g + VmLayout.G_GC_DEBT),
                    reader.u64(g + VmLayout.G_GC_ESTIMATE), phase, (int) reader.u32(g + VmLayout.G_GC_PAUSE),
                    (int) reader.u32(g + VmLayout.G_GC_STEPMUL));
        } catch (UnreadableMemoryException e) {
            warnings.add("collector counters unreadable: " + e.getMessage());
            return new LuaJitGcState(0, 0, 0, "unknown", 0, 0);
        }
    }
}
