// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

/**
 * The smallest change a diff calls growth: {@value #MIN_BYTES} bytes, or {@value #MIN_SHARE_PERCENT}% of the
 * before value when that is larger. Smaller changes (request buffers, GC cycles, a page here and there) are called
 * steady.
 */
public final class NoiseFloor {
    /** The absolute floor: 1 MiB. */
    public static final long MIN_BYTES = 1L << 20;
    /** The relative floor in percent of the value before. */
    public static final int MIN_SHARE_PERCENT = 2;

    private NoiseFloor() {}

    /** The floor for a measure that was {@code beforeBytes}. */
    public static long of(long beforeBytes) {
        return Math.max(MIN_BYTES, beforeBytes / 100 * MIN_SHARE_PERCENT);
    }

    /** True when {@code delta} is beyond the floor of {@code beforeBytes}, either way. */
    public static boolean exceeded(long beforeBytes, long delta) {
        return Math.abs(delta) >= of(beforeBytes);
    }
}
