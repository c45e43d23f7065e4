// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import io.memsnap.snapshot.model.Plausibility;
import io.memsnap.snapshot.model.Snapshot;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The line every report starts with when a layer was read while it changed (a capture with {@code --no-freeze} of a
 * busy process): "WARNING: the target was changing while it was read: rerun without --no-freeze (pid 1234)". Pure.
 */
public final class TornNotice {
    private TornNotice() {}

    /** The notice for {@code s}, or an empty string when no process was torn. */
    public static String line(Snapshot s) {
        List<String> pids = s.processes().stream().filter(Plausibility::torn).map(p -> "pid " + p.pid()).toList();
        if (pids.isEmpty()) {
            return "";
        }
        return "WARNING: " + Plausibility.TORN + " (" + pids.stream().collect(Collectors.joining(", ")) + ")";
    }
}
