// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Picks the objects worth naming as retainers: accumulation points of the dominator tree, where retained memory
 * stops flowing through one dominant child and spreads over many (a cache table holding 700,000 entries, not the
 * module table above it that holds little else). A node qualifies when no single child it dominates retains
 * {@link #DOMINANT_CHILD} or more of its retained bytes. GC roots themselves ({@code _G}, the registry, ...) never
 * qualify: they hold everything by definition. Pure.
 */
final class TopRetainers {
    /** A child holding this share of its parent's retained bytes makes the parent a mere link in a chain. */
    static final double DOMINANT_CHILD = 0.8;

    private TopRetainers() {}

    /** Positions of up to {@code n} retainers, by retained bytes descending, ties by position. */
    static int[] pick(Dominators.Tree tree, RetainedSizes sizes, int[] roots, int n) {
        int m = tree.reachable();
        long[] bytes = sizes.bytes();
        int[] idom = tree.idom();
        int[] biggest = new int[m];
        Arrays.fill(biggest, -1);
        for (int p = 1; p < m; p++) {
            int d = idom[p];
            if (biggest[d] < 0 || bytes[p] > bytes[biggest[d]]) {
                biggest[d] = p;
            }
        }
        boolean[] isRoot = new boolean[m];
        for (int r : roots) {
            isRoot[tree.position()[r]] = true;
        }
        PriorityQueue<Integer> top = new PriorityQueue<>((a, b) -> bytes[a] != bytes[b]
                ? Long.compare(bytes[a], bytes[b]) : Integer.compare(b, a));
        int least = -1;
        for (int p = 1; p < m; p++) {
            if (isRoot[p] || bytes[p] == 0 || biggest[p] >= 0 && bytes[biggest[p]] >= DOMINANT_CHILD * bytes[p]) {
                continue;
            }
            if (top.size() < n) {
                top.add(p);
                least = top.peek();
            } else if (n > 0 && (bytes[p] > bytes[least] || bytes[p] == bytes[least] && p < least)) {
                // compared unboxed: most of millions of candidates lose here, without an Integer each
                top.poll();
                top.add(p);
                least = top.peek();
            }
        }
        int[] out = new int[top.size()];
        for (int k = out.length - 1; k >= 0; k--) {
            out[k] = top.poll();
        }
        return out;
    }
}
