// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.Arrays;

/**
 * Breadth-first search from all GC roots at once, roots in their preferred order: for every reachable object the
 * object one step closer to a root on a shortest path. Ties go to the earlier root and the earlier reference, so
 * paths are deterministic. Pure.
 */
final class ShortestPaths {
    /** Marks a root in {@link #parents}. */
    static final int ROOT = -1;
    /** Marks an object no root reaches. */
    static final int UNREACHED = -2;

    private ShortestPaths() {}

    /** The parent of each node of {@code graph}: a node index, {@link #ROOT} or {@link #UNREACHED}. */
    static int[] parents(ObjectGraph graph, int[] roots) {
        int n = graph.size();
        int[] parent = new int[n];
        Arrays.fill(parent, UNREACHED);
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int r : roots) {
            if (parent[r] == UNREACHED) {
                parent[r] = ROOT;
                queue[tail++] = r;
            }
        }
        int[] start = graph.edgeStart();
        int[] targets = graph.edgeTargets();
        while (head < tail) {
            int v = queue[head++];
            for (int e = start[v]; e < start[v + 1]; e++) {
                int c = targets[e];
                if (parent[c] == UNREACHED) {
                    parent[c] = v;
                    queue[tail++] = c;
                }
            }
        }
        return parent;
    }
}
