// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import java.util.ArrayList;
import java.util.List;

/** Everything the walk learns about one arena while it runs. Confined to one thread. */
final class ArenaAccount {
    final MallocState state;
    final boolean main;
    final ChunkTally tally;
    final List<HeapRegion> regions = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    /** Chunk addresses of in-use 0x290 chunks: possible tcache_perthread_structs. */
    final List<Long> tcacheCandidates = new ArrayList<>();
    long topBytes;
    long metadataBytes;
    /** False once any part of the arena could not be walked to its end. */
    boolean complete = true;

    ArenaAccount(MallocState state, boolean main, int maxDistinctSizes) {
        this.state = state;
        this.main = main;
        this.tally = new ChunkTally(maxDistinctSizes);
    }

    void warn(String message) {
        warnings.add(String.format(java.util.Locale.ROOT, "arena 0x%x: %s", state.address(), message));
    }
}
