// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import java.util.Arrays;

/**
 * Which glibc chunks a traced process holds at the end of the window, from memsnap's own heap walk (the caller
 * supplies it: the tracer does not walk heaps). It replaces a {@code free} probe: an outstanding allocation is alive
 * when its pointer is still the start of an in-use chunk of the recorded size.
 */
@FunctionalInterface
public interface Liveness {
    /** The chunks {@code pid} holds in use now. */
    Chunks chunks(int pid);

    /**
     * In-use chunks sorted by header address, each with its size (flag bits masked, header included); the arrays
     * are taken over. Immutable.
     */
    final class Chunks {
        private final long[] headers;
        private final long[] sizes;
        private final int count;

        /** Chunks {@code [0, count)} of {@code headers} (ascending) and {@code sizes}. */
        public Chunks(long[] headers, long[] sizes, int count) {
            this.headers = headers;
            this.sizes = sizes;
            this.count = count;
        }

        /** Number of chunks. */
        public int count() {
            return count;
        }

        /** Size of the in-use chunk whose program pointer ({@code header + 16}) is {@code pointer}, or -1. */
        public long chunkSizeAt(long pointer) {
            int i = Arrays.binarySearch(headers, 0, count, pointer - 16);
            return i >= 0 ? sizes[i] : -1;
        }
    }
}
