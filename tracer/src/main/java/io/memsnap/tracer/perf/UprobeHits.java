// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's own hit counter of each uprobe event: {@code uprobe_profile} beside {@code uprobe_events} in tracefs
 * lists every defined uprobe as {@code PATH EVENT HITS}, in the order of {@code uprobe_events}. The kernel counts a
 * hit when the breakpoint fires for that event, before any filter (so every call of the function while the event is
 * open, whatever its size), and for a return probe once per call (at the entry, not again at the return: checked on
 * this kernel with {@code perf stat} on the same event, 238 calls both ways). The lines carry the event name but not
 * its group, so they are matched to {@code uprobe_events} by position. Stateless.
 */
public final class UprobeHits {
    private UprobeHits() {}

    /**
     * The hits of each {@code group/event} defined now, or an empty map if tracefs could not be read. The two files
     * are read again when a definition came or went in between (another tracer on the machine).
     */
    public static Map<String, Long> now() {
        Path events = PerfTool.uprobeEvents();
        Path profile = events.resolveSibling("uprobe_profile");
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                String before = Files.readString(events, StandardCharsets.UTF_8);
                String counts = Files.readString(profile, StandardCharsets.UTF_8);
                if (before.equals(Files.readString(events, StandardCharsets.UTF_8))) {
                    Map<String, Long> hits = parse(before, counts);
                    if (hits != null) {
                        return hits;
                    }
                }
            }
        } catch (IOException e) {
            // no profile to read: the caller charges what it can measure otherwise
        }
        return Map.of();
    }

    /**
     * Pairs {@code uprobe_events} lines ({@code p:GROUP/EVENT PATH:0xOFFSET ARGS}) with {@code uprobe_profile} lines
     * ({@code PATH EVENT HITS}) by position; null when they do not pair up (changed between the two reads).
     */
    static Map<String, Long> parse(String uprobeEvents, String uprobeProfile) {
        List<String> defs = nonBlank(uprobeEvents);
        List<String> rows = nonBlank(uprobeProfile);
        if (defs.size() != rows.size()) {
            return null;
        }
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i < defs.size(); i++) {
            String def = defs.get(i);
            int colon = def.indexOf(':');
            int space = def.indexOf(' ');
            String[] row = rows.get(i).strip().split("\\s+");
            if (colon < 0 || space < colon || row.length < 3) {
                return null;
            }
            String key = def.substring(colon + 1, space);
            if (!key.substring(key.indexOf('/') + 1).equals(row[row.length - 2])) {
                return null;
            }
            try {
                out.put(key, Long.parseLong(row[row.length - 1]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }

    /**
     * The hits of {@code probes} between two readings ({@code group/event} keys); a probe missing in either is 0; -1
     * (unknown) if either reading is empty ({@link #now} could not read tracefs, or the definitions kept changing).
     */
    public static long between(Map<String, Long> before, Map<String, Long> after, List<Probe> probes) {
        if (before.isEmpty() || after.isEmpty()) {
            return -1;
        }
        long sum = 0;
        for (Probe p : probes) {
            String key = p.group() + "/" + p.eventName();
            Long a = after.get(key);
            Long b = before.get(key);
            if (a != null && b != null && a >= b) {
                sum += a - b;
            }
        }
        return sum;
    }

    private static List<String> nonBlank(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add(line);
            }
        }
        return out;
    }
}
