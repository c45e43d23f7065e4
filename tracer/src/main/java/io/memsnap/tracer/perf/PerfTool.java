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
        return check(findOnPath("perf"), uid(), Files.isDirectory(Path.of("/sys/bus/event_source/devices/uprobe")));
    }

    /** The checks of {@link #locate} on given facts, in the order a user would fix them. */
    static PerfTool check(Optional<Path> perf, String uid, boolean uprobePmu) {
        Path found = perf.orElseThrow(() -> new MemsnapException(Kind.UNAVAILABLE,
                "perf not found on PATH: install the linux-perf package (apt-get install linux-perf)"));
        if (!"0".equals(uid)) {
            throw new MemsnapException(Kind.PERMISSION,
                    "tracing needs root: uprobes are added through the kernel's tracefs; run memsnap trace as root");
        }
        if (!uprobePmu) {
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

    /** The kernel's {@code uprobe_events} file; tracefs is mounted at /sys/kernel/tracing when it is not yet. */
    public static Path uprobeEvents() {
        for (Path p : UPROBE_EVENTS) {
            if (Files.exists(p)) {
                return p;
            }
        }
        try {
            Process m = new ProcessBuilder("mount", "-t", "tracefs", "nodev", "/sys/kernel/tracing")
                    .redirectErrorStream(true).start();
            String out = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (m.waitFor() != 0 || !Files.exists(UPROBE_EVENTS.get(0))) {
                throw new MemsnapException(Kind.UNAVAILABLE, "no uprobe_events in tracefs and mounting tracefs "
                        + "at /sys/kernel/tracing failed (" + out + "): the kernel needs CONFIG_UPROBE_EVENTS=y");
            }
            return UPROBE_EVENTS.get(0);
        } catch (IOException e) {
            throw new MemsnapException(Kind.UNAVAILABLE, "cannot mount tracefs: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemsnapException(Kind.INTERNAL, "interrupted mounting tracefs", e);
        }
    }

    /** The memsnap probe groups now defined in the kernel (from {@code uprobe_events}), sorted. */
    public static List<String> definedGroups() {
        return groupsIn(readEvents());
    }

    /**
     * The memsnap probe groups nobody is looking after: those of this process and those whose memsnap is gone. A
     * group of another memsnap still running (a trace in another terminal) is its own business. What the tests
     * check after each trace: nothing of theirs stays armed, however many other traces run on the machine.
     */
    public static List<String> unattendedGroups() {
        long self = ProcessHandle.current().pid();
        return definedGroups().stream().filter(g -> {
            int owner = ownerPid(g);
            return owner < 0 || owner == self || !Files.exists(Path.of("/proc/" + owner));
        }).toList();
    }

    /** The memsnap probe groups of the memsnap with process id {@code pid}. */
    public static List<String> groupsOf(long pid) {
        return definedGroups().stream().filter(g -> ownerPid(g) == pid).toList();
    }

    private static String readEvents() {
        for (Path p : UPROBE_EVENTS) {
            try {
                return Files.readString(p, StandardCharsets.UTF_8);
            } catch (IOException e) {
                // not mounted there; the other location may be
            }
        }
        return "";
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

    /** Deletes every event of {@code group} from {@code uprobe_events}. */
    public void deleteGroup(String group) {
        for (String line : readEvents().split("\n")) {
            int colon = line.indexOf(':');
            int space = line.indexOf(' ');
            if (colon > 0 && space > colon && line.startsWith(group + "/", colon + 1)) {
                try {
                    Files.writeString(uprobeEvents(), "-:" + line.substring(colon + 1, space) + "\n",
                            StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new MemsnapException(Kind.UNAVAILABLE, "cannot delete stale uprobe " + line + " (still "
                            + "in use by a perf that outlived its memsnap?): " + e.getMessage(), e);
                }
            }
        }
    }
}
