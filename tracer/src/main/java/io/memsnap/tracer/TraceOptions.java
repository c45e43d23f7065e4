// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import io.memsnap.tracer.perf.ProbePlan;
import java.util.Set;

/**
 * What to trace and how.
 *
 * @param pid the target; an nginx master also traces its workers
 * @param durationMillis how long to record
 * @param minSizeBytes smallest chunk recorded (filtered in the kernel); 0 records every allocation
 * @param olderThanMillis an outstanding allocation counts as leaked only when at least this old at the end
 * @param samplePeriod record every Nth allocation (frees are always all recorded); 1 records all
 * @param probes which probes ({@link ProbePlan#NAMES}); without {@code free}, liveness is decided by a heap walk
 * @param stackBytes user stack bytes copied per allocation for unwinding
 * @param bursts time-sliced sampling; {@code null} records the whole window continuously
 */
public record TraceOptions(int pid, long durationMillis, long minSizeBytes, long olderThanMillis, int samplePeriod,
        Set<String> probes, int stackBytes, Bursts bursts) {
    /**
     * Default stack copy. Measured on the nginx + Lua fixture under wrk (GET /health, about 10,000 allocation
     * samples per size): every stack unwound up to {@code main} with 2 KiB (15 frames on average), 1 KiB lost the
     * outermost frames and 512 bytes never reached main; 4 KiB keeps twice the depth that needed, at half the copy
     * (in the trap) and half the data of the 8 KiB used before.
     */
    public static final int DEFAULT_STACK_BYTES = 4096;
    /** The default probes: every allocator and nginx pools, no {@code free} (a heap walk at the end decides). */
    public static final Set<String> DEFAULT_PROBES = Set.of("malloc", "calloc", "realloc", "memalign",
            "aligned_alloc", "pools");

    /** Validates. */
    public TraceOptions {
        if (pid <= 0 || durationMillis <= 0 || minSizeBytes < 0 || olderThanMillis < 0 || samplePeriod < 1) {
            throw new IllegalArgumentException("bad trace options: pid " + pid + ", duration " + durationMillis
                    + " ms, min size " + minSizeBytes + ", older " + olderThanMillis + " ms, sample " + samplePeriod);
        }
        if (stackBytes < 512 || stackBytes > 65528 || stackBytes % 8 != 0) {
            throw new IllegalArgumentException("stack bytes " + stackBytes + " outside 512..65528 or not 8-aligned");
        }
        probes = Set.copyOf(probes);
        if (!ProbePlan.NAMES.containsAll(probes) || probes.stream().noneMatch(p -> !p.equals("free"))) {
            throw new IllegalArgumentException("probes " + probes + ": choose among " + ProbePlan.NAMES
                    + ", at least one allocator or pools");
        }
    }

    /** The defaults for {@code pid} over {@code durationMillis}: bursts, no free probe, chunks of 4 KiB and more. */
    public static TraceOptions defaults(int pid, long durationMillis) {
        return new TraceOptions(pid, durationMillis, 4096, 5_000, 1, DEFAULT_PROBES, DEFAULT_STACK_BYTES,
                Bursts.DEFAULT);
    }

    /** True when {@code free} is probed (exact matching), false when a heap walk at the end decides. */
    public boolean freeProbe() {
        return probes.contains("free");
    }

    /**
     * Time-sliced sampling: the probes are armed (a perf record runs) for {@code burstMillis} once every N bursts'
     * time, and counts are scaled by N. N is {@code every} when set, else chosen after each burst so that its traps
     * (the calls the kernel counted times {@code trapCostNanos}) stay within {@code budget} of the targets' CPU time
     * and perf record's CPU within {@code budget} of one CPU, over N bursts' time.
     *
     * @param burstMillis how long one burst records
     * @param budget fraction of the targets' CPU time their uprobe traps may cost, and of one CPU perf record may
     *     use, e.g. 0.05
     * @param trapCostNanos what one uprobe trap costs (bench/trace/uprobe_cost.sh measures it)
     * @param every a fixed N (one burst in N), or 0 to choose it from the budget
     */
    public record Bursts(long burstMillis, double budget, long trapCostNanos, int every) {
        /** 500 ms bursts, 5% budget, 10 us per trap (measured on the development VM: 9.6-24 us). */
        public static final Bursts DEFAULT = new Bursts(500, 0.05, 10_000, 0);

        /** Validates. */
        public Bursts {
            if (burstMillis < 10 || !(budget > 0 && budget <= 1) || trapCostNanos <= 0 || every < 0) {
                throw new IllegalArgumentException("bad bursts: " + burstMillis + " ms, budget " + budget
                        + ", trap cost " + trapCostNanos + " ns, every " + every);
            }
        }
    }
}
