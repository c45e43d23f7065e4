// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The memory limit that applies to a process through its cgroup. cgroup v2: {@code /proc/PID/cgroup} line
 * {@code 0::/path} gives {@code <root>/path/memory.max} (also tried under {@code <root>/unified} for hybrid
 * hierarchies); cgroup v1: the {@code memory} controller line gives {@code <root>/memory/path/memory.limit_in_bytes}.
 * Limits of parent cgroups apply too, so the walk goes up to the hierarchy root and keeps the smallest. {@code max}
 * or a value of 2^62 and above (v1 prints 9223372036854771712 for "none") is no limit. If the target's v1 cgroup
 * directory is not visible (a container that mounts its own cgroup as the root), the root's limit is used; an
 * invisible v2 cgroup gives an unknown limit: empty. Stateless.
 */
public final class CgroupMemoryLimit {
    /** Values at or above this are the kernel's way of saying "unlimited". */
    static final long UNLIMITED = 1L << 62;

    private CgroupMemoryLimit() {}

    /** Where a process sits in the two hierarchies, each empty if the process is not in that hierarchy. */
    record Membership(Optional<String> unified, Optional<String> memoryV1) {}

    /** Reads the limit of {@code pid} under the cgroup mount root (normally {@code /sys/fs/cgroup}). */
    public static Optional<Long> read(int pid, Path cgroupRoot) {
        return limitFor(parseMembership(ProcFs.readText(pid, "cgroup")), cgroupRoot);
    }

    /** The tightest limit for a membership under a cgroup mount root. */
    static Optional<Long> limitFor(Membership m, Path cgroupRoot) {
        if (m.unified().isPresent()) {
            for (Path base : new Path[] {cgroupRoot, cgroupRoot.resolve("unified")}) {
                Path dir = under(base, m.unified().get());
                if (Files.isRegularFile(dir.resolve("memory.max"))) {
                    return tightest(base, dir, "memory.max");
                }
            }
        }
        if (m.memoryV1().isPresent()) {
            Path base = cgroupRoot.resolve("memory");
            Path dir = under(base, m.memoryV1().get());
            if (Files.isRegularFile(dir.resolve("memory.limit_in_bytes"))) {
                return tightest(base, dir, "memory.limit_in_bytes");
            }
            // v1 containers without a cgroup namespace mount their own cgroup as the root: its limit applies
            return readLimit(base.resolve("memory.limit_in_bytes"));
        }
        return Optional.empty();
    }

    /** Parses {@code /proc/PID/cgroup}: {@code hierarchy-id:controllers:path} per line. Pure. */
    static Membership parseMembership(String text) {
        Optional<String> unified = Optional.empty();
        Optional<String> v1 = Optional.empty();
        for (String line : text.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                unified = Optional.of(f[2]);
            }
            for (String controller : f[1].split(",")) {
                if (controller.equals("memory")) {
                    v1 = Optional.of(f[2]);
                }
            }
        }
        return new Membership(unified, v1);
    }

    /** Parses the content of {@code memory.max} or {@code memory.limit_in_bytes}; empty means unlimited. Pure. */
    static Optional<Long> parseLimit(String content) {
        String v = content.trim();
        if (v.isEmpty() || v.equals("max")) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(v);
            return n >= UNLIMITED || n < 0 ? Optional.empty() : Optional.of(n);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Path under(Path base, String cgroupPath) {
        String rel = cgroupPath.startsWith("/") ? cgroupPath.substring(1) : cgroupPath;
        return rel.isEmpty() ? base : base.resolve(rel).normalize();
    }

    /** The smallest limit from {@code dir} up to and including {@code base}. */
    private static Optional<Long> tightest(Path base, Path dir, String file) {
        Optional<Long> best = Optional.empty();
        for (Path d = dir; d != null && d.startsWith(base); d = d.getParent()) {
            Optional<Long> here = readLimit(d.resolve(file));
            if (here.isPresent() && (best.isEmpty() || here.get() < best.get())) {
                best = here;
            }
        }
        return best;
    }

    private static Optional<Long> readLimit(Path file) {
        try {
            return parseLimit(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the root cgroup has no memory.max; a vanished parent has none either
            return Optional.empty();
        }
    }
}
