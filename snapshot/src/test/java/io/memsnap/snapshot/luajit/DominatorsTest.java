// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Dominators and retained sizes against brute force: remove one object, recount what the roots still reach. */
class DominatorsTest {

    /** A random graph: n nodes, rows of random targets, a few roots. */
    private record Graph(int n, int[] start, int[] targets, int[] roots, long[] sizes) {
        long sizeOf(int node) {
            return sizes[node];
        }
    }

    private static Graph random(Random rnd, int n, int maxOut) {
        List<Integer> t = new ArrayList<>();
        int[] start = new int[n + 1];
        for (int v = 0; v < n; v++) {
            start[v] = t.size();
            int out = rnd.nextInt(maxOut + 1);
            for (int k = 0; k < out; k++) {
                t.add(rnd.nextInt(n));
            }
        }
        start[n] = t.size();
        int[] roots = rnd.ints(1 + rnd.nextInt(3), 0, n).toArray();
        long[] sizes = rnd.longs(n, 1, 1000).toArray();
        return new Graph(n, start, t.stream().mapToInt(Integer::intValue).toArray(), roots, sizes);
    }

    /** Nodes reachable from the roots without passing through {@code removed} (-1: none removed). */
    private static boolean[] reach(Graph g, int removed) {
        boolean[] seen = new boolean[g.n()];
        ArrayDeque<Integer> q = new ArrayDeque<>();
        for (int r : g.roots()) {
            if (r != removed && !seen[r]) {
                seen[r] = true;
                q.add(r);
            }
        }
        while (!q.isEmpty()) {
            int v = q.poll();
            for (int e = g.start()[v]; e < g.start()[v + 1]; e++) {
                int c = g.targets()[e];
                if (c != removed && !seen[c]) {
                    seen[c] = true;
                    q.add(c);
                }
            }
        }
        return seen;
    }

    @Test
    void retainedSizesMatchBruteForceOnRandomGraphs() {
        Random rnd = new Random(12);
        for (int round = 0; round < 500; round++) {
            Graph g = random(rnd, 1 + rnd.nextInt(40), 1 + rnd.nextInt(4));
            Dominators.Tree tree = Dominators.of(g.n(), g.start(), g.targets(), g.roots());
            long[] retained = RetainedSizes.of(tree, g::sizeOf).bytes();
            boolean[] all = reach(g, -1);
            for (int v = 0; v < g.n(); v++) {
                int p = tree.position()[v];
                assertEquals(all[v], p >= 0, "reachability of " + v);
                if (!all[v]) {
                    continue;
                }
                // retained(v) = bytes of everything reachable now that is not reachable without v
                boolean[] without = reach(g, v);
                long expected = 0;
                for (int u = 0; u < g.n(); u++) {
                    expected += all[u] && !without[u] ? g.sizes()[u] : 0;
                }
                assertEquals(expected, retained[p], "round " + round + ", node " + v);
            }
        }
    }

    @Test
    void aChainIsDominatedLinkByLinkAndADiamondByItsTop() {
        // 0 -> 1 -> 2, 0 -> 3 -> 4, 3 -> 5, 4 -> 6, 5 -> 6
        int[] start = {0, 2, 3, 3, 5, 6, 7, 7};
        int[] targets = {1, 3, 2, 4, 5, 6, 6};
        Dominators.Tree t = Dominators.of(7, start, targets, new int[] {0});
        int[] pos = t.position();
        assertEquals(pos[0], t.idom()[pos[1]]);
        assertEquals(pos[1], t.idom()[pos[2]]);
        assertEquals(pos[3], t.idom()[pos[6]]);
        assertEquals(0, t.idom()[pos[0]]);
    }
}
