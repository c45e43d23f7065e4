// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.function.IntToLongFunction;

/**
 * Retained bytes and objects of every reachable node: its own plus those of everything it dominates, summed up
 * the dominator tree in reverse order of {@link Dominators.Tree#order()} (a dominator comes first). Indexed by
 * position; position 0, the virtual root, retains everything reachable. Pure.
 *
 * @param bytes retained bytes by position
 * @param objects retained objects (the node itself included) by position
 */
record RetainedSizes(long[] bytes, int[] objects) {

    /** Sums {@code sizeOf(node)} over {@code tree}; the virtual root counts 0 bytes and no object. */
    static RetainedSizes of(Dominators.Tree tree, IntToLongFunction sizeOf) {
        int m = tree.reachable();
        long[] bytes = new long[m];
        int[] objects = new int[m];
        int[] order = tree.order();
        for (int p = 1; p < m; p++) {
            bytes[p] = sizeOf.applyAsLong(order[p]);
            objects[p] = 1;
        }
        int[] idom = tree.idom();
        for (int p = m - 1; p > 0; p--) {
            bytes[idom[p]] += bytes[p];
            objects[idom[p]] += objects[p];
        }
        return new RetainedSizes(bytes, objects);
    }
}
