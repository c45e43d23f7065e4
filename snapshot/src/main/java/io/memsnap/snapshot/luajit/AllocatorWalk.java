// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.List;

/** The chunk walk of one allocator state's segments (direct chunks are not linked from it and not included). */
record AllocatorWalk(
        List<Segment> segments,
        long usedBytes,
        long freeBytes,
        long topBytes,
        long usedChunks,
        long freeChunks,
        List<String> warnings) {
    long footprintBytes() {
        return segments.stream().mapToLong(Segment::sizeBytes).sum();
    }
}
