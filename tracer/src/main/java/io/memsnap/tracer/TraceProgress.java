// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

/** Told how a recording goes, a few times a second, from the tracing thread. */
public interface TraceProgress {
    /** A no-op listener. */
    TraceProgress NONE = status -> {};

    /** The recording's state now. */
    void recording(Status status);

    /**
     * Where a recording stands.
     *
     * @param elapsedMillis time since the window began
     * @param recordedBytes perf data written so far
     * @param counted whether the next three are known yet (bursts are read as they end; a continuous recording
     *     only at the end)
     * @param events probe events read so far
     * @param outstandingBytes bytes recorded as allocated and not seen freed (unscaled)
     * @param lostEvents events the kernel dropped so far
     */
    record Status(long elapsedMillis, long recordedBytes, boolean counted, long events, long outstandingBytes,
            long lostEvents) {}
}
