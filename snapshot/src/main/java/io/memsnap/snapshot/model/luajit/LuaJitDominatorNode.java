// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.luajit;

import java.util.Objects;

/**
 * One node of the top levels of the dominator tree, for a retained-size chart.
 *
 * @param id this node's index in {@link LuaJitReachability#tree()}
 * @param parent the index of the node that dominates it, -1 for the top level
 * @param label its path from a GC root (string keys hidden as in {@link LuaJitRetainer#path()})
 * @param type GC type, or {@code other} for the children folded into one node
 * @param retainedBytes bytes it retains
 */
public record LuaJitDominatorNode(int id, int parent, String label, String type, long retainedBytes) {
    public LuaJitDominatorNode {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(type, "type");
    }
}
