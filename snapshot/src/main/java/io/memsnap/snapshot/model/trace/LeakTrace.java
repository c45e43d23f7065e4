// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.trace;

import java.util.List;
import java.util.Objects;

/**
 * The result of one leak trace: which stacks allocated blocks (or nginx pools) during the window that were still
 * alive at its end and older than {@code olderThanMillis}.
 *
 * @param pids the traced processes
 * @param durationMillis length of the recording window
 * @param olderThanMillis an allocation counts as leaked only if it was this old when the window ended
 * @param minSizeBytes allocations with a smaller chunk were filtered out in the kernel
 * @param samplePeriod what one recorded allocation stands for (--sample N, times 1 in N bursts when sampled in
 *     bursts: the largest such N of the window); counts and bytes are scaled by it (1: all)
 * @param eventsSeen allocation, free and pool events read from the recording
 * @param lostEvents events the kernel dropped (ring buffer full); non-zero makes the trace incomplete
 * @param targetExited the target exited before the window ended; the trace covers what was gathered
 * @param warnings anything else that makes the numbers less than exact, in words
 * @param stacks the stack table with per-stack counters
 */
public record LeakTrace(
        List<Integer> pids,
        long durationMillis,
        long olderThanMillis,
        long minSizeBytes,
        int samplePeriod,
        long eventsSeen,
        long lostEvents,
        boolean targetExited,
        List<String> warnings,
        StackTable stacks) {

    /** Validates and copies. */
    public LeakTrace {
        pids = List.copyOf(pids);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(stacks);
        if (durationMillis < 0 || olderThanMillis < 0 || minSizeBytes < 0 || eventsSeen < 0 || lostEvents < 0) {
            throw new IllegalArgumentException("negative duration, age, size or count");
        }
        if (samplePeriod < 1) {
            throw new IllegalArgumentException("sample period " + samplePeriod + " < 1");
        }
    }

    /** True when no event was lost and the target lived through the window. */
    public boolean complete() {
        return lostEvents == 0 && !targetExited;
    }

    /** Leaked bytes over all stacks of {@code kind}. */
    public long leakedBytes(LeakKind kind) {
        return sum(kind, stacks::leakedBytes);
    }

    /** Leaked blocks (or pools) over all stacks of {@code kind}. */
    public long leakedCount(LeakKind kind) {
        return sum(kind, stacks::leakedCount);
    }

    private long sum(LeakKind kind, java.util.function.IntToLongFunction counter) {
        long sum = 0;
        for (int i = 0; i < stacks.size(); i++) {
            if (stacks.kind(i) == kind) {
                sum += counter.applyAsLong(i);
            }
        }
        return sum;
    }
}
