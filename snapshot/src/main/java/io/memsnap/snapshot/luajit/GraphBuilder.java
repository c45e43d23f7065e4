// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the {@link ObjectGraph} from the objects the GC walk visited: reads each object's references in address
 * order (so reads stay sequential) and keeps those that point at a visited object. A reference to anything else
 * (an object freed or moved while a running target was read) is dropped and counted. Confined to one thread.
 */
final class GraphBuilder implements References.Sink {
    private final GraphNodes.Table nodes;
    private int[] targets;
    private int edges;
    private final long strempty;
    private long dangling;

    private final PageIndex index;
    private long lastPage = -1;
    private long lastRange = -1;
    /** Addresses equal in the bits above it share one {@link PageIndex#range}. */
    private final int shift;

    private GraphBuilder(GraphNodes.Table nodes, long strempty) {
        this.nodes = nodes;
        this.index = nodes.index();
        this.shift = index.shift();
        this.strempty = strempty;
        this.targets = new int[Math.max(16, nodes.count() * 2)];
    }

    /**
     * The graph over {@code nodes}; unreadable objects and dangling references become {@code warnings}. References
     * to {@code strempty}, the empty string embedded in global_State (no heap object), are dropped silently.
     */
    static ObjectGraph build(TargetReader reader, GraphNodes.Table nodes, long strempty, List<String> warnings) {
        GraphBuilder b = new GraphBuilder(nodes, strempty);
        References refs = new References(reader);
        long[] addresses = nodes.addresses();
        int n = nodes.count();
        int[] start = new int[n + 1];
        long unreadable = 0;
        for (int i = 0; i < n; i++) {
            start[i] = b.edges;
            try {
                refs.visit(nodes.types()[i], addresses[i], b);
            } catch (UnreadableMemoryException e) {
                unreadable++;
            }
        }
        start[n] = b.edges;
        if (unreadable > 0) {
            warnings.add(unreadable + " GC objects could not be read for their references: retained sizes and "
                    + "paths may miss what they hold");
        }
        if (b.dangling > 0) {
            warnings.add(b.dangling + " references point at no walked GC object (the heap changed during the walk, or "
                    + "the walk was cut short); they are ignored");
        }
        // the spare capacity of targets stays: copying it to the exact length would double it for a moment
        return new ObjectGraph(addresses, nodes.types(), nodes.sizes(), n, start, b.targets);
    }

    @Override
    public void ref(long target, References.Kind kind, long detail) {
        // references from one object often point at one page (strings or tables allocated together)
        if (target >>> shift != lastPage) {
            lastPage = target >>> shift;
            lastRange = index.range(target);
        }
        int j = lastRange < 0 ? -1
                : Arrays.binarySearch(nodes.addresses(), (int) (lastRange >>> 32), (int) lastRange, target);
        if (j < 0) {
            dangling += target != strempty ? 1 : 0;
            return;
        }
        if (edges == targets.length) {
            targets = Arrays.copyOf(targets, edges + (edges >> 1) + 16);
        }
        targets[edges++] = j;
    }
}
