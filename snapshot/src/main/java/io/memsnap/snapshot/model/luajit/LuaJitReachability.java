// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.luajit;

import java.util.List;

/**
 * What the object graph says about the GC heap as a whole.
 *
 * @param reachableObjects objects reachable from the GC roots
 * @param reachableBytes their bytes
 * @param unreachableObjects objects no root reaches: garbage the collector has not freed yet
 * @param unreachableBytes their bytes
 * @param edges references followed
 * @param tree the top levels of the dominator tree, parents before children
 */
public record LuaJitReachability(long reachableObjects, long reachableBytes, long unreachableObjects,
        long unreachableBytes, long edges, List<LuaJitDominatorNode> tree) {
    public LuaJitReachability {
        tree = List.copyOf(tree);
    }

    /** Nothing walked: no graph was built. */
    public static final LuaJitReachability NONE = new LuaJitReachability(0, 0, 0, 0, 0, List.of());
}
