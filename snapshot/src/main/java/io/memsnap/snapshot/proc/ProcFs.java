// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import io.memsnap.snapshot.MemsnapException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Thin reads of {@code /proc} files (the acquisition half; the parsers in this package are the pure half). Every
 * failure becomes a {@link MemsnapException}: a missing file is {@code TARGET_GONE} ("no process with pid N"),
 * refused access is {@code PERMISSION} with advice from {@link PermissionAdvice}. Stateless and thread-safe.
 */
public final class ProcFs {
    private static final Path PROC = Path.of("/proc");

    private ProcFs() {}

    /** {@code /proc/PID/NAME}; {@code name} may contain slashes ({@code task/12/stat}). */
    public static Path path(int pid, String name) {
        return PROC.resolve(Integer.toString(pid)).resolve(name);
    }

    /** True if {@code /proc/PID} exists (the process or a zombie of it exists). */
    public static boolean exists(int pid) {
        return Files.isDirectory(PROC.resolve(Integer.toString(pid)));
    }

    /** Reads {@code /proc/PID/NAME} as ISO-8859-1 text (byte-preserving). */
    public static String readText(int pid, String name) {
        return new String(readBytes(pid, name), StandardCharsets.ISO_8859_1);
    }

    /** Reads {@code /proc/PID/NAME} as bytes. */
    public static byte[] readBytes(int pid, String name) {
        Path p = path(pid, name);
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw failure(pid, p, e);
        }
    }

    /** The target of the symlink {@code /proc/PID/NAME} ({@code exe}, {@code cwd}). */
    public static String readLink(int pid, String name) {
        Path p = path(pid, name);
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            throw failure(pid, p, e);
        }
    }

    /** The thread ids in {@code /proc/PID/task}, ascending. */
    public static List<Integer> taskIds(int pid) {
        return numericEntries(pid, path(pid, "task"));
    }

    /** Every pid in {@code /proc}, ascending. */
    public static List<Integer> allPids() {
        return numericEntries(0, PROC);
    }

    private static List<Integer> numericEntries(int pid, Path dir) {
        List<Integer> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path e : ds) {
                String n = e.getFileName().toString();
                if (!n.isEmpty() && n.chars().allMatch(Character::isDigit)) {
                    out.add(Integer.parseInt(n));
                }
            }
        } catch (IOException e) {
            throw failure(pid, dir, e);
        }
        out.sort(null);
        return out;
    }

    /** Maps an I/O failure on a /proc path of {@code pid} to the domain exception. */
    public static MemsnapException failure(int pid, Path p, IOException e) {
        if (e instanceof NoSuchFileException || String.valueOf(e.getMessage()).contains("No such process")) {
            return new MemsnapException(MemsnapException.Kind.TARGET_GONE, "no process with pid " + pid, e);
        }
        if (e instanceof AccessDeniedException || String.valueOf(e.getMessage()).contains("Permission denied")) {
            return new MemsnapException(MemsnapException.Kind.PERMISSION,
                    "permission denied reading " + p + ": " + PermissionAdvice.forPid(pid), e);
        }
        return new MemsnapException(MemsnapException.Kind.TARGET_GONE,
                "cannot read " + p + " (did process " + pid + " exit?): " + e.getMessage(), e);
    }
}
