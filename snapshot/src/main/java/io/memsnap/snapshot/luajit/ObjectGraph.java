// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.Arrays;

/**
 * The GC objects of one VM and the references between them, in primitive arrays: objects are numbered by ascending
 * address (index to address by array, address to index by binary search), and the references of object {@code i}
 * are {@code targets[start[i] .. start[i + 1])} (compressed sparse rows). Immutable after construction; the
 * arrays are shared with the graph algorithms of this package, which never modify them. {@link #withoutEdges}
 * drops the rows, for the phases after the dominators that need only the objects.
 */
final class ObjectGraph {
    private final long[] addresses;
    private final byte[] types;
    private final int[] sizes;
    private final int[] start;
    private final int[] targets;
    private final int count;

    /** A graph of the first {@code count} entries of the node arrays (which may be longer). */
    ObjectGraph(long[] addresses, byte[] types, int[] sizes, int count, int[] start, int[] targets) {
        this.count = count;
        this.addresses = addresses;
        this.types = types;
        this.sizes = sizes;
        this.start = start;
        this.targets = targets;
    }

    int size() {
        return count;
    }

    long address(int i) {
        return addresses[i];
    }

    /** The GC type ({@code gct}: 4 string ... 12 userdata). */
    int type(int i) {
        return types[i];
    }

    /** Bytes charged to {@code gc.total}. */
    long bytes(int i) {
        return sizes[i];
    }

    /** The object at exactly {@code address}, or -1. */
    int indexOf(long address) {
        int i = Arrays.binarySearch(addresses, 0, count, address);
        return i >= 0 ? i : -1;
    }

    /** The same objects without their references, so the reference rows can be freed once no one needs them. */
    ObjectGraph withoutEdges() {
        return new ObjectGraph(addresses, types, sizes, count, new int[] {0}, new int[0]);
    }

    /** Number of references. */
    int edges() {
        return start.length > count ? start[count] : 0;
    }

    /** Row starts: references of {@code i} are {@code edgeTargets()[edgeStart()[i] .. edgeStart()[i + 1])}. */
    int[] edgeStart() {
        return start;
    }

    /** Targets of all rows; may be longer than {@link #edges()}. */
    int[] edgeTargets() {
        return targets;
    }
}
