// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

/**
 * What to trace and how.
 *
 * @param pid the target; an nginx master also traces its workers
 * @param durationMillis how long to record
 * @param minSizeBytes smallest chunk recorded (filtered in the kernel); 0 records every allocation
 * @param olderThanMillis an outstanding allocation counts as leaked only when at least this old at the end
 * @param samplePeriod record every Nth allocation (frees are always all recorded); 1 records all
 * @param pools also trace nginx pools ({@code ngx_create_pool}/{@code ngx_destroy_pool}) when the binary has them
 * @param stackBytes user stack bytes copied per allocation for unwinding
 */
public record TraceOptions(int pid, long durationMillis, long minSizeBytes, long olderThanMillis, int samplePeriod,
        boolean pools, int stackBytes) {
    /** Default stack copy: deep enough for nginx's event loop down to a handler, in measured runs. */
    public static final int DEFAULT_STACK_BYTES = 8192;

    /** Validates. */
    public TraceOptions {
        if (pid <= 0 || durationMillis <= 0 || minSizeBytes < 0 || olderThanMillis < 0 || samplePeriod < 1) {
            throw new IllegalArgumentException("bad trace options: pid " + pid + ", duration " + durationMillis
                    + " ms, min size " + minSizeBytes + ", older " + olderThanMillis + " ms, sample " + samplePeriod);
        }
        if (stackBytes < 512 || stackBytes > 65528 || stackBytes % 8 != 0) {
            throw new IllegalArgumentException("stack bytes " + stackBytes + " outside 512..65528 or not 8-aligned");
        }
    }
}
