// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.snapshot.elf.Symbolizer;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Plausibility;
import io.memsnap.snapshot.model.nginx.NginxPool;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import io.memsnap.snapshot.model.nginx.PoolTotals;
import io.memsnap.snapshot.target.ProcessImage;
import io.memsnap.snapshot.walk.InUseChunks;
import io.memsnap.snapshot.walk.LayerResult;
import io.memsnap.snapshot.walk.WalkContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Walks the nginx layer of a process without debug symbols: every {@code ngx_pool_t} among the glibc in-use chunks
 * the glibc walker published ({@link InUseChunks}), each attributed to an owner ({@link Attributor}), and the shared
 * memory zones of {@code ngx_cycle->shared_memory} ({@link ShmZones}). A process is nginx when its executable exports
 * {@code ngx_cycle} in {@code .dynsym}. Reads only; bounded; a structure that does not validate becomes a warning and
 * the other layers' results stay. Confined to one thread.
 */
public final class NginxWalker {
    private NginxWalker() {}

    /** Where an nginx executable keeps {@code ngx_cycle}: its symbols, the executable's file name, the variable. */
    private record Cycle(Symbolizer symbols, String exeName, long variable) {}

    /**
     * Demands the glibc walker's {@link InUseChunks} when {@code image} is nginx (the index costs 16 bytes per
     * chunk, so other processes should not pay for it). When the check itself fails, demands it anyway: the walk
     * then reports what went wrong.
     */
    public static void plan(ProcessImage image, WalkContext context) {
        try {
            if (cycle(image, context).isPresent()) {
                context.demand(InUseChunks.class);
            }
        } catch (RuntimeException e) {
            context.demand(InUseChunks.class);
        }
    }

    /** The executable's {@code ngx_cycle}, empty if the process is not nginx. */
    private static Optional<Cycle> cycle(ProcessImage image, WalkContext context) {
        Symbolizer symbols = Symbolizer.of(image.mappings(), image::file);
        Optional<Symbolizer.Module> exe = executable(symbols, context.facts().process().exe());
        if (exe.isEmpty()) {
            return Optional.empty();
        }
        return symbols.address(exe.get().baseName(), "ngx_cycle")
                .map(v -> new Cycle(symbols, exe.get().baseName(), v));
    }

    /** Walks {@code image}; nothing (no section, no warning) if it is not nginx. Never throws for target data. */
    public static LayerResult<NginxSection> walk(ProcessImage image, WalkContext context, NginxOptions options) {
        Optional<Cycle> cycle = cycle(image, context);
        if (cycle.isEmpty()) {
            return LayerResult.none();
        }
        try {
            return walk(image, context, options, cycle.get().symbols(), cycle.get().exeName(), cycle.get().variable());
        } catch (UnreadableMemoryException e) {
            return LayerResult.absent("nginx layer not walked: " + e.getMessage());
        } catch (RuntimeException e) {
            // target memory is untrusted: a surprise there must not cost the other layers
            return LayerResult.absent("nginx layer not walked: " + e);
        }
    }

    private static LayerResult<NginxSection> walk(ProcessImage image, WalkContext context, NginxOptions options,
            Symbolizer symbols, String exeName, long cycleVar) {
        List<String> warnings = new ArrayList<>();
        long cycle = image.memory().readLong(cycleVar);
        Optional<InUseChunks> chunks = context.lookup(InUseChunks.class);
        PoolScanner.Found found = new PoolScanner.Found(new PoolTable(), 0);
        if (chunks.isEmpty()) {
            warnings.add("no glibc in-use chunk index (glibc not walked): nginx pools not searched");
        } else {
            found = PoolScanner.scan(image.memory(), chunks.get(), options.maxListSteps(), options.maxPools());
            if (found.pools().count() >= options.maxPools()) {
                warnings.add("pool limit " + options.maxPools() + " reached; later pools not counted");
            }
        }
        if (found.rejected() > 0) {
            warnings.add(found.rejected() + " pool-like heads failed validation (torn lists on a running target, or "
                    + "not pools); not counted");
        }
        boolean layout = BuildSignature.read(image.memory(), symbols, exeName, warnings)
                .map(abi -> BuildSignature.verified(abi, options.layoutSignature(), warnings)).orElse(false);
        Map<Long, CycleRoots.Root> roots = cycle == 0 ? Map.of()
                : CycleRoots.find(image.memory(), cycle, options.maxConnections(), layout, warnings);
        PoolTable table = found.pools();
        boolean torn = chunks.isPresent() && table.count() < options.maxPools()
                && unvalidatedRoots(image, chunks.get(), options, roots, table, warnings);
        if (chunks.isPresent()) {
            table.resident(PoolResidency.measure(table, chunks.get(), image, warnings));
        }
        long[] addresses = table.addresses();
        DataReferences.Reference[] refs = DataReferences.find(image.memory(), symbols, addresses, warnings);
        Attributed attributed = attribute(table, refs, new Attributor(image, symbols, exeName, roots),
                options.largestPools(), found.rejected());
        ShmZones.Result zones = cycle == 0 ? new ShmZones.Result(List.of(), List.of())
                : ShmZones.read(image, cycle, symbols, options, warnings);
        NginxSection section = new NginxSection(cycle, attributed.totals(), attributed.owners(),
                attributed.largest(), zones.zones(), warnings);
        List<String> all = new ArrayList<>(warnings.stream().map(w -> String.format(Locale.ROOT, "nginx: %s", w))
                .toList());
        if (torn) {
            all.add(Plausibility.TORN);
        }
        return LayerResult.of(section, zones.claims(), all);
    }

    /**
     * Warns of every pool nginx itself points at ({@code roots}) that is not among the valid pools, with the
     * invariant it breaks: in a consistent image every one of them validates, so one at a glibc in-use chunk that
     * does not means the target was stopped in the middle of a pool update (a torn walk, which a frozen capture
     * copies again); one the glibc walk did not find as an in-use chunk is only named (copying again would not
     * change an incomplete glibc walk or another allocator's pools). True if any was torn.
     */
    private static boolean unvalidatedRoots(ProcessImage image, InUseChunks chunks, NginxOptions options,
            Map<Long, CycleRoots.Root> roots, PoolTable table, List<String> warnings) {
        long[] valid = table.addresses();
        boolean torn = false;
        for (Map.Entry<Long, CycleRoots.Root> e : new TreeMap<>(roots).entrySet()) {
            if (Arrays.binarySearch(valid, e.getKey()) >= 0) {
                continue;
            }
            Optional<PoolScanner.Fault> fault = PoolScanner.fault(image.memory(), chunks, options.maxListSteps(),
                    e.getKey());
            if (fault.isPresent()) {
                warnings.add(String.format(Locale.ROOT, "%s 0x%x (%s) is not a valid pool: %s; %s",
                        e.getValue().detail(), e.getKey(), e.getValue().owner(), fault.get().why(),
                        fault.get().midUpdate() ? "the process was stopped in the middle of a pool update"
                                : "an incomplete glibc walk, or pools from another allocator, not counted"));
                torn |= fault.get().midUpdate();
            }
        }
        return torn;
    }

    /** What attribution makes of the pools: their totals, the owners and the biggest pools one by one. */
    private record Attributed(PoolTotals totals, List<PoolOwner> owners, List<NginxPool> largest) {}

    /** Attributes every pool of {@code table} ({@code refs} per pool) and sums them up, all and per owner. */
    private static Attributed attribute(PoolTable table, DataReferences.Reference[] refs, Attributor attributor,
            int largestPools, long rejected) {
        OwnerTable owners = new OwnerTable();
        LargestPools largest = new LargestPools(table, largestPools);
        long bytes = 0;
        long blocks = 0;
        long used = 0;
        long unused = 0;
        long large = 0;
        long largeBytes = 0;
        long resident = 0;
        boolean residentKnown = true;
        for (int i = 0; i < table.count(); i++) {
            Attributor.Attribution a = attributor.attribute(table, i, refs[i]);
            owners.add(a, table, i);
            largest.offer(i, a);
            bytes += table.glibcBytes(i);
            blocks += table.blocks(i);
            used += table.usedBytes(i);
            unused += table.unusedBytes(i);
            large += table.largeBlocks(i);
            largeBytes += table.largeBytes(i);
            OptionalLong r = table.residentBytes(i);
            residentKnown &= r.isPresent();
            resident += r.orElse(0);
        }
        return new Attributed(new PoolTotals(table.count(), bytes, blocks, used, unused, large, largeBytes, rejected,
                residentKnown ? Optional.of(resident) : Optional.empty()),
                owners.owners(), largest.pools());
    }

    /** The executable's module: the one at {@code exe}, else one named nginx or openresty. */
    private static Optional<Symbolizer.Module> executable(Symbolizer symbols, String exe) {
        Optional<Symbolizer.Module> byPath = symbols.modules().stream().filter(m -> m.path().equals(exe)).findFirst();
        if (byPath.isPresent()) {
            return byPath;
        }
        return symbols.modules().stream()
                .filter(m -> m.baseName().equals("nginx") || m.baseName().equals("openresty")).findFirst();
    }
}
