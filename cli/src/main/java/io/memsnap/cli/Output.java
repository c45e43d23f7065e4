// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import io.memsnap.snapshot.MemsnapException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Where a command writes: stdout, or a file. A file is written to a 0600 temporary file beside it and renamed over
 * it when complete, so a failed run leaves no half-written file and a report that may hold secrets is never
 * readable by others; a FIFO or device named with {@code -o} is written directly. Names ending in {@code .gz} are
 * gzip-compressed. A file is never one of the inputs.
 */
final class Output {
    /** Permissions of every file memsnap writes: reports and snapshots may hold secrets. */
    private static final String OWNER_ONLY = "rw-------";

    /** The name meaning stdin or stdout. */
    static final String STDIO = "-";

    /** Writes the content. */
    @FunctionalInterface
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    private Output() {}

    /** Writes {@code body} to {@code file}, or to {@code stdout} when empty. */
    static void write(Optional<String> file, Optional<String> input, PrintWriter stdout, Body body) {
        if (file.isPresent()) {
            writeFile(Path.of(file.get()), input, body, file.get().endsWith(".gz"));
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            body.write(bytes);
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.INTERNAL, "cannot render: " + e.getMessage(), e);
        }
        stdout.write(bytes.toString(StandardCharsets.UTF_8));
        stdout.flush();
    }

    /** Writes {@code body} to {@code file} as it is (no gzip by name: for content that compresses itself). */
    static void writeAsIs(String file, Optional<String> input, Body body) {
        writeFile(Path.of(file), input, body, false);
    }

    /** A {@link UsageError} if {@code file} is the input: memsnap never overwrites what it reads. */
    static void requireNotInput(Optional<String> file, Optional<String> input) {
        if (file.isEmpty() || input.isEmpty() || input.get().equals(STDIO)) {
            return;
        }
        if (same(Path.of(file.get()), Path.of(input.get()))) {
            throw new UsageError("-o " + file.get() + " is the input file; memsnap never overwrites its input, "
                    + "choose another name");
        }
    }

    private static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall back to comparing names
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static void writeFile(Path file, Optional<String> input, Body body, boolean gzip) {
        requireNotInput(Optional.of(file.toString()), input);
        try {
            if (Files.exists(file) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isSymbolicLink(file)) {
                try (OutputStream o = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
                    writeBody(o, gzip, body);
                }
                return;
            }
            // replace what a symbolic link points to, not the link
            writeReplacing(Files.isSymbolicLink(file) ? file.toRealPath() : file, gzip, body, OWNER_ONLY);
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT,
                    "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces {@code file} atomically with content others may read (0644): only for the Prometheus textfile, which
     * node_exporter reads as its own user and which holds numbers and labels, never strings from target memory.
     */
    static void writeReadableByOthers(Path file, Body body) {
        try {
            writeReplacing(file, false, body, "rw-r--r--");
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT,
                    "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeReplacing(Path file, boolean gzip, Body body, String permissions) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".part",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        try {
            try (OutputStream o = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                writeBody(o, gzip, body);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeBody(OutputStream raw, boolean gzip, Body body) throws IOException {
        OutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
        if (gzip) {
            try (GZIPOutputStream z = new GZIPOutputStream(buffered)) {
                body.write(z);
            }
        } else {
            body.write(buffered);
            buffered.flush();
        }
    }
}
