// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.luajit.LuaJitDominatorNode;
import io.memsnap.snapshot.model.luajit.LuaJitModule;
import io.memsnap.snapshot.model.luajit.LuaJitReachability;
import io.memsnap.snapshot.model.luajit.LuaJitRetainer;
import io.memsnap.snapshot.walk.HeapShare;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who holds the memory: builds the object graph of the objects the GC walk visited, its dominator tree from the
 * GC roots, and from them the top retainers (with their paths in Lua words), the loaded modules and what no root
 * reaches. Skipped with a warning when the graph would not fit in the memory this JVM has left; beside other walks a
 * graph bigger than a quarter of that waits for them to end ({@link HeapShare}). Confined to the reader's thread.
 */
final class RetentionAnalysis {
    /**
     * Heap bytes the graph and its algorithms allocate per object at their peak, about two references per object
     * included (node table 13, rows 4 + 8, dominators 4 x 4 + 8 for predecessors).
     */
    static final long BYTES_PER_OBJECT = 48;
    /** Offset of {@code strempty}, the empty string embedded in global_State. */
    static final int G_STREMPTY = 120;

    /** The results. */
    record Retention(List<LuaJitRetainer> retainers, List<LuaJitModule> modules, LuaJitReachability reachability) {
        static final Retention NONE = new Retention(List.of(), List.of(), LuaJitReachability.NONE);
    }

    private RetentionAnalysis() {}

    static Retention run(TargetReader reader, VmCandidate vm, GraphNodes nodes, LuaJitOptions options,
            RegistryRoles roles, List<String> warnings) {
        // a check against the heap's limit less the reader's cache (what is free now includes garbage); beside the
        // glibc and nginx walks (a frozen copy) a big graph waits for them to end (HeapShare); the allocations
        // themselves are big arrays, and running out of memory among them ends with a warning below
        long room = room(options);
        long need = (long) nodes.count() * BYTES_PER_OBJECT;
        if (!nodes.kept() || need > room) {
            warnings.add(String.format(Locale.ROOT, "retained sizes and paths skipped: %d GC objects need about %d "
                    + "MiB, the JVM heap has room for %d MiB (raise it, e.g. MEMSNAP_JAVA_OPTS=-Xmx2g)",
                    nodes.count(), need >> 20, Math.max(0, room) >> 20));
            return Retention.NONE;
        }
        if (!HeapShare.mayHold(need, room)) {
            warnings.add("retained sizes and paths skipped: interrupted while the other walks held the JVM heap");
            return Retention.NONE;
        }
        if (nodes.clamped()) {
            warnings.add("a GC object larger than 2 GiB is counted as 2 GiB in retained sizes");
        }
        try {
            return analyse(reader, vm, nodes, options, roles, warnings);
        } catch (OutOfMemoryError e) {
            warnings.add("retained sizes and paths skipped: the object graph of " + nodes.count() + " GC objects did "
                    + "not fit in the JVM heap (raise it, e.g. MEMSNAP_JAVA_OPTS=-Xmx2g)");
            return Retention.NONE;
        }
    }

    /**
     * Heap bytes the graph may use: the JVM's limit less the reader's cache and 32 MiB for everything else. Walks
     * running beside this one (glibc, nginx) are not counted here: {@link HeapShare} keeps the graph small while
     * they run.
     */
    static long room(LuaJitOptions options) {
        return Runtime.getRuntime().maxMemory() - options.cacheBytes() - (32L << 20);
    }

    /** The most objects whose graph fits in this JVM: the GC walk records no more than these. */
    static long objectsThatFit(LuaJitOptions options) {
        return Math.max(0, room(options) / BYTES_PER_OBJECT);
    }

    private static Retention analyse(TargetReader reader, VmCandidate vm, GraphNodes nodes, LuaJitOptions options,
            RegistryRoles roles, List<String> warnings) {
        GraphNodes.Table table = nodes.sorted();
        if (table.repeats() > 0) {
            warnings.add(table.repeats() + " GC objects were visited twice (a list changed during the walk)");
        }
        ObjectGraph graph = GraphBuilder.build(reader, table, vm.global() + G_STREMPTY, warnings);
        long[] fixedStrings = table.fixedStrings();
        table = null; // its address index (4 bytes an object) is garbage from here
        GraphRoots roots = GraphRoots.find(reader, vm, graph, fixedStrings, warnings);
        int[] parents = ShortestPaths.parents(graph, roots.indexes());
        long edges = graph.edges();
        int[][] rows = {graph.edgeStart(), graph.edgeTargets()};
        // the dominators clear rows once they hold the predecessors: nothing after them needs the references
        graph = graph.withoutEdges();
        Dominators.Tree tree = Dominators.of(graph.size(), rows, roots.indexes());
        RetainedSizes sizes = RetainedSizes.of(tree, graph::bytes);
        try {
            return describe(reader, graph, roots, parents, tree, sizes, edges, options, roles);
        } catch (UnreadableMemoryException e) {
            warnings.add("LuaJIT paths could not be named, memory unreadable: " + e.getMessage());
            return new Retention(List.of(), List.of(), reachability(graph, tree, sizes, edges, List.of()));
        }
    }

    static Retention describe(TargetReader reader, ObjectGraph graph, GraphRoots roots, int[] parents,
            Dominators.Tree tree, RetainedSizes sizes, long edges, LuaJitOptions options, RegistryRoles roles) {
        LuaWords masked = new LuaWords(reader, false, 0);
        PathNamer namer = new PathNamer(reader, graph, parents, roots, masked, roles);
        PathNamer shown = options.showStrings()
                ? new PathNamer(reader, graph, parents, roots, new LuaWords(reader, true, options.maxStringChars()),
                        roles)
                : null;
        List<LuaJitRetainer> retainers = new ArrayList<>();
        for (int p : TopRetainers.pick(tree, sizes, roots.indexes(), Math.max(options.topN(), 1))) {
            int i = tree.order()[p];
            String path = namer.path(i);
            Optional<String> withStrings = shown != null ? Optional.of(shown.path(i)) : Optional.empty();
            retainers.add(new LuaJitRetainer(path, withStrings.filter(s -> !s.equals(path)),
                    LuaWords.typeName(graph.type(i)), graph.address(i), sizes.bytes()[p], sizes.objects()[p]));
        }
        List<LuaJitModule> modules = roots.loaded() < 0 ? List.of()
                : new LoadedModules(reader, masked).list(graph.address(roots.loaded()), graph, tree, sizes);
        var top = DominatorTops.of(tree, sizes, p -> namer.path(tree.order()[p]),
                p -> LuaWords.typeName(graph.type(tree.order()[p])));
        return new Retention(retainers, modules, reachability(graph, tree, sizes, edges, top));
    }

    private static LuaJitReachability reachability(ObjectGraph graph, Dominators.Tree tree, RetainedSizes sizes,
            long edges, List<LuaJitDominatorNode> top) {
        long all = 0;
        for (int i = 0; i < graph.size(); i++) {
            all += graph.bytes(i);
        }
        long reachable = sizes.bytes()[0];
        long reachableObjects = sizes.objects()[0];
        return new LuaJitReachability(reachableObjects, reachable, graph.size() - reachableObjects, all - reachable,
                edges, top);
    }
}
