// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.luajit;

import java.util.Objects;

/**
 * The collector's counters from {@code global_State.gc} besides {@code total}.
 *
 * @param thresholdBytes {@code gc.threshold}: the next step starts when total reaches it
 * @param debtBytes {@code gc.debt}: how far the incremental collector is behind schedule
 * @param estimateBytes {@code gc.estimate}: the collector's estimate of live bytes
 * @param phase {@code pause}, {@code propagate}, {@code atomic}, {@code sweepstring}, {@code sweep},
 *     {@code finalize} or {@code unknown(N)}
 * @param pausePercent {@code gc.pause} (setpause)
 * @param stepmulPercent {@code gc.stepmul} (setstepmul)
 */
public record LuaJitGcState(
        long thresholdBytes, long debtBytes, long estimateBytes, String phase, int pausePercent, int stepmulPercent) {
    public LuaJitGcState {
        Objects.requireNonNull(phase, "phase");
    }
}
