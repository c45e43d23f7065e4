// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.Arrays;

/**
 * Immediate dominators of a graph in compressed-sparse-row form, by the iterative algorithm of Cooper, Harvey and
 * Kennedy ("A Simple, Fast Dominance Algorithm", 2001) over int arrays. A virtual root (index {@code n}) points at
 * the given roots, so every object reachable from any root gets a dominator; objects no root reaches get none.
 * Nodes are renumbered in reverse postorder, where a dominator always comes before what it dominates.
 *
 * <p>Two exact shortcuts, as profiled on the 5.5 M-object bench heap (where the iteration chased idom chains from
 * a million closures to {@code _G}, a root): the virtual root absorbs every intersection, so a node's predecessors
 * are not read past it; and a node is <em>done</em>, never read again by later passes, once its idom is the virtual
 * root (the iteration only moves an idom up the tree, and none is above it) or when, in the first pass, all its
 * predecessors come before it and are done (then every path to it runs through done nodes, an acyclic part of the
 * graph whose idoms one pass in reverse postorder gets exact). Later passes, which only confirm most idoms, then
 * visit the nodes on cycles and below them. Pure.
 */
final class Dominators {
    private Dominators() {}

    /**
     * The result.
     *
     * @param order reverse postorder: {@code order[p]} is the node at position p; {@code order[0]} is the virtual
     *     root ({@code n}); only reachable nodes appear
     * @param position the position of each node ({@code n + 1} entries), -1 if unreachable
     * @param idom the immediate dominator of position p, as a position ({@code idom[0] == 0})
     */
    record Tree(int[] order, int[] position, int[] idom) {
        int reachable() {
            return order.length;
        }
    }

    /** Dominators of the graph of {@code n} nodes with rows {@code start}/{@code targets}, from {@code roots}. */
    static Tree of(int n, int[] start, int[] targets, int[] roots) {
        return of(n, new int[][] {start, targets.clone()}, roots);
    }

    /**
     * {@link #of(int, int[], int[], int[])} with the rows in {@code rows[0]} (starts) and {@code rows[1]} (targets),
     * which are cleared once the predecessors are built: if the caller holds no other reference, the forward
     * references are garbage during the iteration, which then needs only the predecessors. The targets array is
     * overwritten (with positions) on the way.
     */
    static Tree of(int n, int[][] rows, int[] roots) {
        int[] position = new int[n + 1];
        int[] order = reversePostorder(n, rows[0], rows[1], roots, position);
        int m = order.length;
        int[] predStart = new int[m + 1];
        int[] preds = predecessors(n, rows[0], rows[1], roots, order, position, predStart);
        rows[0] = null;
        rows[1] = null;
        int[] idom = new int[m];
        Arrays.fill(idom, -1);
        idom[0] = 0;
        long[] done = new long[(m + 63) >>> 6];
        done[0] = 1;
        boolean first = true;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int p = 1; p < m; p++) {
                if ((done[p >>> 6] & 1L << p) != 0) {
                    continue;
                }
                int best = -1;
                boolean exact = first;
                for (int e = predStart[p]; e < predStart[p + 1] && best != 0; e++) {
                    int q = preds[e];
                    exact &= q < p && (done[q >>> 6] & 1L << q) != 0;
                    if (idom[q] >= 0) {
                        best = best < 0 ? q : intersect(idom, q, best);
                    }
                }
                if (exact || best == 0) {
                    done[p >>> 6] |= 1L << p;
                }
                if (idom[p] != best) {
                    idom[p] = best;
                    changed = true;
                }
            }
            first = false;
        }
        return new Tree(order, position, idom);
    }

    private static int intersect(int[] idom, int a, int b) {
        while (a != b) {
            while (a > b) {
                a = idom[a];
            }
            while (b > a) {
                b = idom[b];
            }
        }
        return a;
    }

    /** Depth-first from the virtual root with an explicit stack; fills {@code position}, returns the order. */
    private static int[] reversePostorder(int n, int[] start, int[] targets, int[] roots, int[] position) {
        Arrays.fill(position, -2);
        // the stack grows from index 0 and finished nodes fill the same array from index n down: a node is on the
        // stack, finished or unvisited, so the two never meet, and the finished end reads as reverse postorder
        int[] stack = new int[n + 1];
        int[] cursor = new int[n + 1];
        int sp = 0;
        int done = 0;
        stack[sp++] = n;
        position[n] = -1;
        while (sp > 0) {
            int v = stack[sp - 1];
            int c = -1;
            if (v == n) {
                c = cursor[v] < roots.length ? roots[cursor[v]++] : -1;
            } else if (start[v] + cursor[v] < start[v + 1]) {
                c = targets[start[v] + cursor[v]++];
            }
            if (c < 0) {
                sp--;
                stack[n - done++] = v;
            } else if (position[c] == -2) {
                position[c] = -1;
                stack[sp++] = c;
            }
        }
        cursor = null;
        int[] order = Arrays.copyOfRange(stack, n + 1 - done, n + 1);
        for (int k = 0; k < done; k++) {
            position[order[k]] = k;
        }
        for (int v = 0; v <= n; v++) {
            if (position[v] == -2) {
                position[v] = -1;
            }
        }
        return order;
    }

    private static int[] predecessors(int n, int[] start, int[] targets, int[] roots, int[] order, int[] position,
            int[] predStart) {
        int m = order.length;
        for (int r : roots) {
            predStart[position[r] + 1]++;
        }
        // each reference's target becomes its position here, in place, so the fill below reads no position again
        for (int p = 1; p < m; p++) {
            int v = order[p];
            for (int e = start[v]; e < start[v + 1]; e++) {
                int q = position[targets[e]];
                targets[e] = q;
                predStart[q + 1]++;
            }
        }
        for (int p = 0; p < m; p++) {
            predStart[p + 1] += predStart[p];
        }
        int[] preds = new int[predStart[m]];
        // fill row q at predStart[q], moving it up as it fills: afterwards predStart[q] is the end of row q, and a
        // shift by one restores the starts (no second array of row cursors)
        for (int r : roots) {
            preds[predStart[position[r]]++] = 0;
        }
        for (int p = 1; p < m; p++) {
            int v = order[p];
            for (int e = start[v]; e < start[v + 1]; e++) {
                preds[predStart[targets[e]]++] = p;
            }
        }
        System.arraycopy(predStart, 0, predStart, 1, m);
        predStart[0] = 0;
        return preds;
    }
}
