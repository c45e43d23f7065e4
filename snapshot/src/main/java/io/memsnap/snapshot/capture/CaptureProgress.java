// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

/**
 * Told what a live capture is doing, for a progress line: process {@code index} (from 1) of {@code count}, its pid,
 * the stage ({@code "copying"}, or a layer name while that layer is walked) and the bytes concerned (the estimated
 * copy, or the process's Rss). Called on the capturing thread; must be quick and must not throw.
 */
@FunctionalInterface
public interface CaptureProgress {
    /** Ignores everything. */
    CaptureProgress NONE = (index, count, pid, stage, bytes) -> { };

    /** Reports one stage. */
    void stage(int index, int count, int pid, String stage, long bytes);

    /** The stages of one process, its place in the capture already bound. */
    @FunctionalInterface
    interface Stage {
        void at(String stage, long bytes);
    }
}
