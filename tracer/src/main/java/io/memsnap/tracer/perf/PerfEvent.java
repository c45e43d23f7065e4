// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import java.util.List;

/**
 * One uprobe sample from {@code perf script}.
 *
 * @param pid process id
 * @param tid thread id
 * @param timeNanos CLOCK_MONOTONIC time of the sample
 * @param probe the probe's event name without group and without perf's {@code __return} suffix, e.g. {@code malloc}
 * @param returned true for a return probe
 * @param arg0 the first fetched argument (an address: returned pointer, freed pointer, pool)
 * @param arg1 the second fetched argument (a chunk size or a pool end), 0 when absent
 * @param framesLeafFirst symbolized user frames, innermost first; empty for probes recorded without a stack
 */
public record PerfEvent(int pid, int tid, long timeNanos, String probe, boolean returned, long arg0, long arg1,
        List<String> framesLeafFirst) {
    /** Copies the frames. */
    public PerfEvent {
        framesLeafFirst = List.copyOf(framesLeafFirst);
    }
}
