// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.MemsnapException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code perf} executable and the kernel facilities it needs: finds perf on the PATH, checks root and uprobe
 * support, and removes probe groups left behind by memsnap runs that no longer exist. Stateless.
 */
public final class PerfTool {
    /** Every memsnap probe group starts with this; the owning memsnap's pid follows. */
    public static final String GROUP_PREFIX = "memsnap_";
    private static final List<Path> UPROBE_EVENTS = List.of(Path.of("/sys/kernel/tracing/uprobe_events"),
            Path.of("/sys/kernel/debug/tracing/uprobe_events"));

    private final Path perf;

    private PerfTool(Path perf) {
        this.perf = perf;
    }

    /** The perf on {@code PATH}, after checking that we are root and the kernel has uprobes. */
    public static PerfTool locate() {
        Path found = findOnPath("perf").orElseThrow(() -> new MemsnapException(Kind.UNAVAILABLE,
                "perf not found on PATH: install the linux-perf package (apt-get install linux-perf)"));
        if (!"0".equals(uid())) {
            throw new MemsnapException(Kind.PERMISSION,
                    "tracing needs root: uprobes are added through the kernel's tracefs; run memsnap trace as root");
        }
        if (!Files.isDirectory(Path.of("/sys/bus/event_source/devices/uprobe"))) {
            throw new MemsnapException(Kind.UNAVAILABLE, "this kernel has no uprobes "
                    + "(/sys/bus/event_source/devices/uprobe is missing): it needs CONFIG_UPROBE_EVENTS=y");
        }
        return new PerfTool(found);
    }

    /** The perf executable. */
    public Path perf() {
        return perf;
    }

    static Optional<Path> findOnPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static String uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    return line.substring(4).strip().split("\\s+")[1];
                }
            }
        } catch (IOException e) {
            return "?";
        }
        return "?";
    }

    /** The memsnap probe groups now defined in the kernel (from {@code uprobe_events}), sorted. */
    public static List<String> definedGroups() {
        TreeSet<String> groups = new TreeSet<>();
        for (Path p : UPROBE_EVENTS) {
            try {
                groups.addAll(groupsIn(Files.readString(p, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                // not mounted there; the other location may be
            }
        }
        return new ArrayList<>(groups);
    }

    /** Groups named in {@code uprobe_events} text ({@code p:GROUP/EVENT path:offset args}) that are memsnap's. */
    static List<String> groupsIn(String uprobeEvents) {
        TreeSet<String> groups = new TreeSet<>();
        for (String line : uprobeEvents.split("\n")) {
            int colon = line.indexOf(':');
            int slash = line.indexOf('/');
            if (colon > 0 && slash > colon && line.startsWith(GROUP_PREFIX, colon + 1)) {
                groups.add(line.substring(colon + 1, slash));
            }
        }
        return new ArrayList<>(groups);
    }

    /** The pid of the memsnap that owns {@code group} ({@code memsnap_<pid>_<name>}), or -1. */
    static int ownerPid(String group) {
        String[] parts = group.split("_");
        try {
            return parts.length >= 3 ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Deletes the memsnap probe groups whose owning process is gone (a memsnap killed before its guard could
     * clean up); returns the groups removed.
     */
    public List<String> removeStale() {
        List<String> removed = new ArrayList<>();
        for (String g : definedGroups()) {
            int owner = ownerPid(g);
            if (owner < 0 || !Files.exists(Path.of("/proc/" + owner))) {
                deleteGroup(g);
                removed.add(g);
            }
        }
        return removed;
    }

    /** Runs {@code perf probe -d GROUP:*}, waiting for it. */
    public void deleteGroup(String group) {
        run(List.of(perf.toString(), "probe", "-q", "-d", group + ":*"));
    }

    /** Runs a perf command to the end and returns its combined output. */
    String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new MemsnapException(Kind.UNAVAILABLE, "cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemsnapException(Kind.INTERNAL, "interrupted while running " + String.join(" ", command), e);
        }
    }
}
