// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.PageLedger;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ResidentClaim;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.glibc.GlibcMmapped;
import io.memsnap.snapshot.target.ProcessImage;
import io.memsnap.snapshot.walk.InUseChunks;
import io.memsnap.snapshot.walk.LayerResult;
import io.memsnap.snapshot.walk.WalkContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Walks all memory glibc malloc (2.36, x86_64) holds in a target: finds the arenas without symbols, walks the main
 * heap, every thread arena's heaps and the mmapped chunks, classifies each chunk (in use, free in a bin, top,
 * tcache, fastbin), and says which resident pages hold what. Reads the target only; every walk is bounded, and
 * problems become warnings, never exceptions. Not thread-safe (uses the image, which is confined to one thread).
 */
public final class GlibcWalker {
    private final ProcessImage image;
    private final GlibcWalkOptions options;
    private final long page;
    private final List<String> heapWarnings = new ArrayList<>();
    /** The in-use chunks for {@link InUseChunks}; null when no later walker demanded them. */
    private final InUseIndex inUse;

    private GlibcWalker(ProcessImage image, GlibcWalkOptions options, boolean indexInUse) {
        this.image = image;
        this.options = options;
        this.inUse = indexInUse ? new InUseIndex() : null;
        this.page = image.residency().pageSizeBytes();
    }

    /** Walks with {@link GlibcWalkOptions#defaults()}. */
    public static LayerResult<GlibcHeap> walk(ProcessImage image) {
        return walk(image, GlibcWalkOptions.defaults());
    }

    /**
     * As {@link #walk(ProcessImage, GlibcWalkOptions)}, and, if a later walker demanded them, publishes the in-use
     * chunks it found as {@link InUseChunks} in {@code context} (nothing when the heap could not be walked). The
     * index costs 16 bytes per chunk, which is why it waits for a demand.
     */
    public static LayerResult<GlibcHeap> walk(ProcessImage image, GlibcWalkOptions options, WalkContext context) {
        GlibcWalker walker = new GlibcWalker(image, options, context.demanded(InUseChunks.class));
        LayerResult<GlibcHeap> result = walker.guarded();
        if (result.section().isPresent() && walker.inUse != null) {
            context.publish(InUseChunks.class, walker.inUse.build());
        }
        return result;
    }

    /**
     * Walks the glibc heap of {@code image}. The target should be stopped (its lists change otherwise); memory is
     * only read. Never throws for target problems: the result then has an empty heap and a reason in its warnings.
     */
    public static LayerResult<GlibcHeap> walk(ProcessImage image, GlibcWalkOptions options) {
        return new GlibcWalker(image, options, false).guarded();
    }

    private LayerResult<GlibcHeap> guarded() {
        try {
            return run();
        } catch (UnreadableMemoryException e) {
            return LayerResult.absent("glibc heap not walked: " + e.getMessage());
        } catch (RuntimeException e) {
            // the walk reads untrusted target memory; a surprise there must not abort the whole capture
            return LayerResult.absent("glibc heap not walked: " + e);
        }
    }

    private LayerResult<GlibcHeap> run() {
        Optional<LibcImage> libc = LibcImage.find(image);
        if (libc.isEmpty()) {
            return LayerResult.absent("no libc.so.6 mapped (statically linked?): glibc malloc state not located");
        }
        Optional<String> version = libc.get().version();
        if (version.isEmpty()) {
            return LayerResult.absent("cannot read the glibc version banner of " + libc.get().path());
        }
        if (!version.get().equals(Layout.VERIFIED_VERSION)) {
            return LayerResult.absent("glibc " + version.get() + " in " + libc.get().path()
                    + ": malloc layouts are verified only for glibc " + Layout.VERIFIED_VERSION + "; not walking");
        }
        ArenaFinder.Outcome found = ArenaFinder.find(image.memory(), libc.get().writable());
        if (found.found().isEmpty()) {
            return LayerResult.absent(found.reason());
        }
        MallocPar par = found.found().get().par();
        List<ArenaAccount> arenas = new ArrayList<>();
        HeapLayout layout = new HeapLayout(image, page, options.maxDistinctSizes());
        List<MallocState> ring = found.found().get().arenas();
        for (int i = 0; i < ring.size(); i++) {
            arenas.add(i == 0 ? layout.main(ring.get(i), par, i) : layout.thread(ring.get(i), par, i));
        }
        Regions regions = new Regions(arenas);
        LinkTable links = new LinkTable(options.maxLinkEntries());
        RegionWalker walker = new RegionWalker(image.memory(), image.residency(), options.readBlockBytes(), page,
                options.maxChunks(), links, regions, inUse);
        // in address order, so the link table fills already sorted
        for (HeapRegion r : regions.all()) {
            walker.walk(r, arenas.get(r.arena));
        }
        if (links.full()) {
            heapWarnings.add("more than " + options.maxLinkEntries() + " free-list candidates; the rest are read "
                    + "from the target (slower)");
        }
        FreeListReader lists = new FreeListReader(image.memory(), regions, arenas, links, inUse);
        lists.fastbins();
        lists.tcaches(par);
        new BinVerifier(image.memory(), regions, options.maxListSteps(), links).verify(arenas);
        ChunkTally mmappedTally = new ChunkTally(options.maxDistinctSizes());
        MmapScanner.Result mm = new MmapScanner(image, regions).scan(mmappedTally, inUse);
        if (mm.count != par.nMmaps() || mm.bytes != par.mmappedMem()) {
            heapWarnings.add(String.format(Locale.ROOT,
                    "found %d mmapped chunks / %d bytes, glibc counts %d / %d (swapped-out or memalign'ed chunks?)",
                    mm.count, mm.bytes, par.nMmaps(), par.mmappedMem()));
        }
        return assemble(version.get(), arenas, mmappedTally, mm);
    }

    private LayerResult<GlibcHeap> assemble(String version, List<ArenaAccount> accounts, ChunkTally mmappedTally,
            MmapScanner.Result mm) {
        Map<Category, long[]> claims = new EnumMap<>(Category.class);
        List<GlibcArena> arenas = new ArrayList<>();
        List<String> warnings = new ArrayList<>(heapWarnings);
        ChunkTally total = new ChunkTally(options.maxDistinctSizes());
        boolean residencyKnown = true;
        for (ArenaAccount a : accounts) {
            long freeResident = 0;
            long trimmable = 0;
            long freePageBytes = 0;
            for (HeapRegion r : a.regions) {
                PageLedger.Totals t = r.ledger.totals(r.resident);
                long[] c = claims.computeIfAbsent(r.from, k -> new long[3]);
                c[0] += t.usedResident();
                c[1] += t.freeResident();
                c[2] += t.metadataResident();
                freeResident += t.freeResident();
                trimmable += t.trimmableResident();
                freePageBytes += t.freePages();
                residencyKnown &= t.residencyKnown();
            }
            ChunkTally ta = a.tally;
            long freeAll = ta.bytes(ChunkKind.FREE) + ta.bytes(ChunkKind.TCACHE) + ta.bytes(ChunkKind.FASTBIN)
                    + a.topBytes;
            if (ta.exactSizesTruncated()) {
                a.warn("more than " + options.maxDistinctSizes() + " distinct chunk sizes; common sizes incomplete");
            }
            arenas.add(new GlibcArena(a.main ? "main" : "thread", a.state.address(), a.regions.size(),
                    a.state.systemMem(), ta.bytes(ChunkKind.USED), ta.count(ChunkKind.USED),
                    ta.bytes(ChunkKind.FREE), ta.count(ChunkKind.FREE), a.topBytes,
                    ta.bytes(ChunkKind.TCACHE), ta.count(ChunkKind.TCACHE),
                    ta.bytes(ChunkKind.FASTBIN), ta.count(ChunkKind.FASTBIN), a.metadataBytes,
                    freeResident, trimmable, Math.max(0, freeAll - freePageBytes),
                    ta.histogram(), ta.commonSizes(options.commonSizes()), a.warnings));
            warnings.addAll(a.warnings);
            total.addAll(ta);
        }
        total.addAll(mmappedTally);
        claims.computeIfAbsent(Category.ANONYMOUS, k -> new long[3])[0] += mm.residentBytes;
        if (!residencyKnown) {
            warnings.add("page residency unknown: no resident-page claims for glibc memory");
        }
        GlibcHeap heap = new GlibcHeap(version, arenas, new GlibcMmapped(mm.count, mm.bytes, mm.residentBytes),
                total.histogram(), total.commonSizes(options.commonSizes()), heapWarnings);
        return LayerResult.of(heap, toClaims(claims), warnings);
    }

    private static List<ResidentClaim> toClaims(Map<Category, long[]> claims) {
        List<ResidentClaim> out = new ArrayList<>();
        Category[] to = {Category.GLIBC_USED, Category.GLIBC_FREE_RESIDENT, Category.GLIBC_METADATA};
        for (Map.Entry<Category, long[]> e : claims.entrySet()) {
            for (int i = 0; i < to.length; i++) {
                if (e.getValue()[i] > 0) {
                    out.add(new ResidentClaim(e.getKey(), to[i], e.getValue()[i]));
                }
            }
        }
        return out;
    }
}
