// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import io.memsnap.tracer.perf.PerfRecording;
import java.util.Locale;

/**
 * The bookkeeping of a window of bursts: each burst's weight (what one of its allocations stands for), the trace's
 * sample period (the largest weight), and the totals its summary line reports. Pure; one thread.
 */
final class BurstLog {
    private int bursts;
    private int minEvery = Integer.MAX_VALUE;
    private int maxEvery;
    private long calls;
    private int uncounted;
    private long perfCpuMillis;
    private long armedMillis;
    private int watched;
    private long samplePeriod = 1;

    /**
     * Logs a burst followed by N-1 bursts' time without one ({@code every} = N), recorded at {@code --sample}
     * {@code sample}; returns its weight, N times {@code sample}.
     */
    long burst(int every, int sample, PerfRecording.Calls cost) {
        bursts++;
        minEvery = Math.min(minEvery, every);
        maxEvery = Math.max(maxEvery, every);
        if (cost.calls() >= 0) {
            calls += cost.calls();
        } else {
            uncounted++;
        }
        perfCpuMillis += cost.perfCpuMillis();
        if (cost.armedMillis() >= 0) {
            armedMillis += cost.armedMillis();
            watched++;
        }
        long weight = (long) every * sample;
        samplePeriod = Math.max(samplePeriod, weight);
        return weight;
    }

    /** Bursts logged. */
    int bursts() {
        return bursts;
    }

    /** The trace's sample period: the largest weight of a burst (1 before any). */
    int samplePeriod() {
        return (int) Math.min(Integer.MAX_VALUE, samplePeriod);
    }

    /** The mean time a breakpoint was seen installed per watched burst, in ms; -1 if none was watched. */
    long meanArmedMillis() {
        return watched == 0 ? -1 : armedMillis / watched;
    }

    /** The summary warning; {@code afterMillis} is how long reading the bursts took after the window. */
    String summary(TraceOptions.Bursts b, long afterMillis) {
        String n = bursts == 0 ? "-" : minEvery == maxEvery ? String.valueOf(maxEvery) : minEvery + " to " + maxEvery;
        String why = b.every() > 0 ? "--every" : String.format(Locale.ROOT, "a budget of %.1f%% of the targets' CPU "
                + "time for the traps at %d us each, and of one CPU for perf record's", b.budget() * 100,
                b.trapCostNanos() / 1000);
        long armed = meanArmedMillis();
        return String.format(Locale.ROOT, "sampled in %d bursts of %d ms, one in every %s bursts' time (%s); "
                + "breakpoints installed %s per burst (mean); %,d allocation calls trapped in them%s, perf record "
                + "used %,d ms of CPU; counts are scaled by that; the stacks were read at idle priority, %,d ms of it "
                + "after the window", bursts, b.burstMillis(), n, why, armed < 0 ? "(not watched)" : armed + " ms",
                calls, uncounted == 0 ? "" : String.format(Locale.ROOT, " (not counted in %d: the kernel's uprobe hit "
                        + "counters could not be read; there N was charged for perf record alone, never lowered)", uncounted),
                perfCpuMillis, afterMillis);
    }
}
