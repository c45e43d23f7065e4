// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.model.luajit.LuaJitDominatorNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The top {@link #LEVELS} levels of the dominator tree for a retained-size chart: under each node its
 * {@link #CHILDREN} biggest children holding at least {@link #MIN_SHARE} of the reachable bytes, the rest folded
 * into one {@code other} node (the parent's own bytes and its smaller children). One pass over the tree. Pure
 * apart from {@code label}.
 */
final class DominatorTops {
    static final int LEVELS = 3;
    static final int CHILDREN = 8;
    static final double MIN_SHARE = 0.01;

    private DominatorTops() {}

    /** The nodes, parents first; {@code label} names a position, {@code type} gives its GC type. */
    static List<LuaJitDominatorNode> of(Dominators.Tree tree, RetainedSizes sizes, IntFunction<String> label,
            IntFunction<String> type) {
        long[] bytes = sizes.bytes();
        long min = (long) Math.ceil(bytes[0] * MIN_SHARE);
        List<LuaJitDominatorNode> out = new ArrayList<>();
        Map<Integer, Integer> level = new HashMap<>();
        level.put(0, -1); // the virtual root, not shown itself
        int[] idom = tree.idom();
        // one pass over the tree for the nodes big enough to be shown, in the top levels (at most 100 per level)
        List<Integer> big = new ArrayList<>();
        for (int p = 1; p < idom.length; p++) {
            if (bytes[p] >= min && depth(idom, p) <= LEVELS) {
                big.add(p);
            }
        }
        for (int depth = 0; depth < LEVELS && !level.isEmpty(); depth++) {
            Map<Integer, List<Integer>> children = new HashMap<>();
            for (int p : big) {
                if (level.containsKey(idom[p])) {
                    children.computeIfAbsent(idom[p], k -> new ArrayList<>()).add(p);
                }
            }
            Map<Integer, Integer> next = new HashMap<>();
            for (int parentPos : level.keySet().stream().sorted().toList()) {
                List<Integer> kids = children.getOrDefault(parentPos, new ArrayList<>());
                kids.sort((a, b) -> bytes[a] != bytes[b] ? Long.compare(bytes[b], bytes[a]) : Integer.compare(a, b));
                long shown = 0;
                int parentId = level.get(parentPos);
                for (int k = 0; k < Math.min(CHILDREN, kids.size()); k++) {
                    int p = kids.get(k);
                    int id = out.size();
                    out.add(new LuaJitDominatorNode(id, parentId, label.apply(p), type.apply(p), bytes[p]));
                    next.put(p, id);
                    shown += bytes[p];
                }
                // the parent's own bytes and its smaller children
                long rest = bytes[parentPos] - shown;
                if (parentPos != 0 && rest >= min && !kids.isEmpty()) {
                    out.add(new LuaJitDominatorNode(out.size(), parentId, "itself and the rest", "other", rest));
                }
            }
            level = next;
        }
        return out;
    }

    /** The depth of position {@code p} below the virtual root, counted up to {@code LEVELS + 1}. */
    private static int depth(int[] idom, int p) {
        int d = 1;
        for (int q = idom[p]; q != 0 && d <= LEVELS; q = idom[q]) {
            d++;
        }
        return d;
    }
}
