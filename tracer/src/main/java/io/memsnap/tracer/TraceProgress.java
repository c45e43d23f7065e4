// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

/** Told how a recording goes, a few times a second, from the tracing thread. */
public interface TraceProgress {
    /** A no-op listener. */
    TraceProgress NONE = (elapsedMillis, recordedBytes) -> {};

    /** {@code recordedBytes} of perf data written after {@code elapsedMillis}. */
    void recording(long elapsedMillis, long recordedBytes);
}
