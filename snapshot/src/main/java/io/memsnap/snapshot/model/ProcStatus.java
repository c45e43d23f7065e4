// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model;

/**
 * Memory counters from {@code /proc/PID/status}, in bytes. Zero where the kernel did not report a field (core
 * files have none of them).
 */
public record ProcStatus(
        long vmSizeBytes,
        long vmRssBytes,
        long vmHwmBytes,
        long rssAnonBytes,
        long rssFileBytes,
        long rssShmemBytes,
        long vmSwapBytes,
        int threads) {

    /** A status with every counter unknown (zero). */
    public static ProcStatus unknown() {
        return new ProcStatus(0, 0, 0, 0, 0, 0, 0, 0);
    }
}
