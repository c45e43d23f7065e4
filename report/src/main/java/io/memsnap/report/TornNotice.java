// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import io.memsnap.snapshot.model.Plausibility;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The line every report starts with when a layer was read while it changed, worded for how the process was read:
 * "WARNING: the target was changing while it was read: rerun without --no-freeze (pid 1234)" for a running target,
 * the frozen-copy or core wording otherwise ({@link Plausibility#tornSentence}); processes with the same sentence
 * share it. Pure.
 */
public final class TornNotice {
    private TornNotice() {}

    /** The notice for {@code s}, or an empty string when no process was torn. */
    public static String line(Snapshot s) {
        Map<String, List<String>> pidsBySentence = new LinkedHashMap<>();
        for (ProcessSnapshot p : s.processes()) {
            Plausibility.tornSentence(p).ifPresent(
                    t -> pidsBySentence.computeIfAbsent(t, k -> new ArrayList<>()).add("pid " + p.pid()));
        }
        if (pidsBySentence.isEmpty()) {
            return "";
        }
        return "WARNING: " + pidsBySentence.entrySet().stream()
                .map(e -> e.getKey() + " (" + String.join(", ", e.getValue()) + ")")
                .collect(Collectors.joining("; "));
    }
}
