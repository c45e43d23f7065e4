// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.walk.LayerResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark behind {@code bench/luajit/run.sh}: builds a GC heap of several million objects in a standalone
 * luajit, walks it while the target has stopped itself, and writes time, object count, the gc.total oracle and
 * memsnap's own peak RSS (VmHWM) to a JSON file. Not a test: no assertions on time.
 */
public final class LuaJitBench {
    private LuaJitBench() {}

    /** Arguments: output file, then workload commands (default: about 5.5 million objects). */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "bench/results/luajit-walk.json");
        List<String> work = args.length > 1 ? List.of(args).subList(1, args.length)
                : List.of("work strings 3000000", "work closures 1000000", "work tables 500000");
        long hwmBefore;
        try (LuaJitTarget t = LuaJitTarget.start(Path.of("/usr/bin/luajit"))) {
            long buildStart = System.nanoTime();
            for (String w : work) {
                t.run(w);
            }
            double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
            hwmBefore = hwmBytes();
            long[] nanos = new long[8];
            var m = t.measure(img -> {
                long start = System.nanoTime();
                LayerResult<LuaJitHeap> r = LuaJitWalker.walk(img, LuaJitOptions.defaults());
                nanos[0] = System.nanoTime() - start;
                start = System.nanoTime();
                LuaJitWalker.walk(img, LuaJitOptions.defaults());
                nanos[1] = System.nanoTime() - start;
                phases(img, nanos);
                lookups(img, nanos);
                return r;
            });
            long hwmAfter = hwmBytes();
            LuaJitHeap h = m.captured().section().orElseThrow();
            long objects = h.objects().stream().mapToLong(GcObjectType::count).sum();
            String json = String.format(Locale.ROOT, "{%n  \"benchmark\": \"luajit-gc-walk\",%n"
                    + "  \"date\": \"%s\",%n  \"workload\": \"%s\",%n  \"objects\": %d,%n"
                    + "  \"gc_total_bytes\": %d,%n  \"oracle_gc_total_bytes\": %d,%n"
                    + "  \"allocator_footprint_bytes\": %d,%n  \"allocator_used_chunks\": %d,%n"
                    + "  \"walk_seconds\": %.3f,%n  \"second_walk_seconds\": %.3f,%n  \"objects_per_second\": %.0f,%n"
                    + "  \"memsnap_peak_rss_bytes\": %d,%n  \"memsnap_peak_rss_before_walk_bytes\": %d,%n"
                    + "  \"heap_build_seconds\": %.3f,%n  \"warnings\": %d,%n"
                    + "  \"gc_walk_only_seconds\": %.3f,%n  \"graph_and_dominators_seconds\": %.3f,%n"
                    + "  \"gc_walk_only_cpu_seconds\": %.3f,%n  \"graph_and_dominators_cpu_seconds\": %.3f,%n"
                    + "  \"page_index_lookups_cpu_seconds\": %.3f,%n  \"binary_search_lookups_cpu_seconds\": %.3f,%n"
                    + "  \"graph_edges\": %d,%n  \"reachable_objects\": %d,%n  \"unreachable_objects\": %d,%n"
                    + "  \"top_retainer\": \"%s\",%n  \"top_retainer_bytes\": %d,%n  \"load_average\": \"%s\"%n}%n",
                    Instant.now(), String.join("; ", work), objects, h.gcTotalBytes(), m.gcTotalBytes(),
                    h.allocator().footprintBytes(), h.allocator().usedChunks(), nanos[0] / 1e9, nanos[1] / 1e9,
                    objects / (nanos[0] / 1e9), hwmAfter, hwmBefore, buildSeconds, h.warnings().size(),
                    nanos[2] / 1e9, nanos[3] / 1e9, nanos[4] / 1e9, nanos[5] / 1e9, nanos[6] / 1e9, nanos[7] / 1e9, h.reachability().edges(), h.reachability().reachableObjects(),
                    h.reachability().unreachableObjects(),
                    h.retainers().isEmpty() ? "" : h.retainers().get(0).path().replace("\"", "\\\""),
                    h.retainers().isEmpty() ? 0 : h.retainers().get(0).retainedBytes(),
                    Files.readString(Path.of("/proc/loadavg")).trim());
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json, StandardCharsets.UTF_8);
            System.out.print(json);
            h.warnings().forEach(w -> System.out.println("warning: " + w));
        }
    }

    /**
     * Times the two phases of a walk apart, as {@link LuaJitWalker#walk} runs them for one VM: the GC walk
     * ({@code nanos[2]}) and the object graph with dominators, paths and modules ({@code nanos[3]}); the CPU time of
     * this thread in each ({@code nanos[4]}, {@code nanos[5]}: user and system, less sensitive to a loaded machine;
     * the serial collector's pauses run on another thread and are not in it).
     */
    private static void phases(io.memsnap.snapshot.target.ProcessImage img, long[] nanos) {
        LuaJitOptions o = LuaJitOptions.defaults();
        TargetReader reader = new TargetReader(img.memory(), img.mappings(), o.cacheBytes());
        VmScanner.Found found = VmScanner.scan(img, reader);
        VmCandidate vm = found.vms().get(0);
        SegmentWalker.walk(reader, vm.mstate());
        java.util.Set<Long> directs = found.directs().stream().map(DirectChunk::userAddress)
                .collect(java.util.stream.Collectors.toSet());
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = System.nanoTime();
        long cpuStart = cpu.getCurrentThreadCpuTime();
        GcWalk walk = GcWalker.walk(reader, vm, o, directs, o.maxObjects());
        nanos[2] = System.nanoTime() - start;
        nanos[4] = cpu.getCurrentThreadCpuTime() - cpuStart;
        start = System.nanoTime();
        cpuStart = cpu.getCurrentThreadCpuTime();
        RetentionAnalysis.run(reader, vm, walk.nodes(), o, RegistryRoles.NONE, new java.util.ArrayList<>());
        nanos[3] = System.nanoTime() - start;
        nanos[5] = cpu.getCurrentThreadCpuTime() - cpuStart;
        steps(reader, vm, directs, o);
    }

    /**
     * The CPU time of each step of the graph phase (as {@code RetentionAnalysis.analyse} runs them), on a fresh GC
     * walk, in milliseconds: which step to work on next. Printed, not written to the json.
     */
    private static void steps(TargetReader reader, VmCandidate vm, java.util.Set<Long> directs, LuaJitOptions o) {
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        GcWalk walk = GcWalker.walk(reader, vm, o, directs, o.maxObjects());
        List<String> warnings = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder("graph steps, CPU ms:");
        long t = cpu.getCurrentThreadCpuTime();
        userSince = cpu.getCurrentThreadUserTime();
        GraphNodes.Table table = walk.nodes().sorted();
        t = step(line, "sort", t);
        ObjectGraph graph = GraphBuilder.build(reader, table, vm.global() + RetentionAnalysis.G_STREMPTY, warnings);
        t = step(line, "references", t);
        GraphRoots roots = GraphRoots.find(reader, vm, graph, table.fixedStrings(), warnings);
        t = step(line, "roots", t);
        int[] parents = ShortestPaths.parents(graph, roots.indexes());
        t = step(line, "shortest paths", t);
        long edges = graph.edges();
        int[][] rows = {graph.edgeStart(), graph.edgeTargets()};
        graph = graph.withoutEdges();
        Dominators.Tree tree = Dominators.of(graph.size(), rows, roots.indexes());
        t = step(line, "dominators", t);
        RetainedSizes sizes = RetainedSizes.of(tree, graph::bytes);
        t = step(line, "retained sizes", t);
        RetentionAnalysis.describe(reader, graph, roots, parents, tree, sizes, edges, o, RegistryRoles.NONE);
        step(line, "retainers, modules, chart", t);
        System.out.println(line);
    }

    private static long userSince;

    private static long step(StringBuilder line, String name, long since) {
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long now = cpu.getCurrentThreadCpuTime();
        long user = cpu.getCurrentThreadUserTime();
        line.append(String.format(Locale.ROOT, " %s %d (sys %d),", name, (now - since) / 1_000_000,
                (now - since - (user - userSince)) / 1_000_000));
        userSince = user;
        return now;
    }

    /**
     * Times the address-to-index lookup the graph builder makes per reference, both ways, over the sorted node
     * table of the walked heap: {@link PageIndex} ({@code nanos[6]}) against one binary search over all addresses
     * ({@code nanos[7]}, what {@code memory.AddressIndex} does over its ranges). Each looks up every object once,
     * in a scattered order (multiplicative hashing of the loop counter), as references to a whole heap do; CPU time.
     */
    private static void lookups(io.memsnap.snapshot.target.ProcessImage img, long[] nanos) {
        LuaJitOptions o = LuaJitOptions.defaults();
        TargetReader reader = new TargetReader(img.memory(), img.mappings(), o.cacheBytes());
        VmScanner.Found found = VmScanner.scan(img, reader);
        GcWalk walk = GcWalker.walk(reader, found.vms().get(0), o, java.util.Set.of(), o.maxObjects());
        GraphNodes.Table t = walk.nodes().sorted();
        long[] a = t.addresses();
        int n = t.count();
        var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long check = 0;
        long start = cpu.getCurrentThreadCpuTime();
        PageIndex index = new PageIndex(a, n);
        for (long k = 0; k < n; k++) {
            check += index.indexOf(a, a[(int) (k * 0x9E3779B1L % n)]);
        }
        nanos[6] = cpu.getCurrentThreadCpuTime() - start;
        start = cpu.getCurrentThreadCpuTime();
        for (long k = 0; k < n; k++) {
            check -= java.util.Arrays.binarySearch(a, 0, n, a[(int) (k * 0x9E3779B1L % n)]);
        }
        nanos[7] = cpu.getCurrentThreadCpuTime() - start;
        if (check != 0) {
            throw new IllegalStateException("the two lookups disagree");
        }
    }

    /** This JVM's peak resident set (VmHWM). */
    private static long hwmBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
