// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.core;

import io.memsnap.snapshot.elf.ElfFile;
import io.memsnap.snapshot.elf.FileBytes;
import io.memsnap.snapshot.elf.ProgramHeader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A file named in a core's NT_FILE note, opened from the analysing machine, and whether it is the same file the
 * process had mapped: its first page must equal the page the core dumped at the file's offset-0 mapping (which holds
 * the ELF header, program headers and usually the build-id note). Confined to one thread.
 */
final class BackingFile implements AutoCloseable {
    private final Path path;
    private final FileBytes bytes;
    private final List<ProgramHeader> loads;

    private BackingFile(Path path, FileBytes bytes, List<ProgramHeader> loads) {
        this.path = path;
        this.bytes = bytes;
        this.loads = loads;
    }

    /** Opens {@code path} if it is a readable regular file. */
    static Optional<BackingFile> open(Path path) {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            return Optional.empty();
        }
        FileBytes b = FileBytes.open(path);
        List<ProgramHeader> loads = List.of();
        try (ElfFile elf = ElfFile.open(path)) {
            loads = elf.programHeaders().stream().filter(p -> p.type() == ProgramHeader.PT_LOAD).toList();
        } catch (RuntimeException e) {
            // not ELF (a locale archive, a data file): no program headers to take permissions from
        }
        return Optional.of(new BackingFile(path, b, loads));
    }

    Path path() {
        return path;
    }

    FileBytes bytes() {
        return bytes;
    }

    /**
     * True if the file starts with {@code dumped}, the first page of its mapping: bytes past the end of a short
     * file must be zero, as the process saw them.
     */
    boolean startsWith(byte[] dumped) {
        int n = (int) Math.min(dumped.length, bytes.sizeBytes());
        if (!java.util.Arrays.equals(bytes.read(0, n, "header page"), 0, n, dumped, 0, n)) {
            return false;
        }
        for (int i = n; i < dumped.length; i++) {
            if (dumped[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Permissions {@code rwx} of the ELF PT_LOAD whose pages hold link-time address {@code vaddr}, as the loader
     * mapped it; empty for non-ELF files or addresses no segment covers.
     */
    Optional<String> elfPermissions(long vaddr) {
        for (ProgramHeader p : loads) {
            if (Long.compareUnsigned(vaddr, p.vaddr() & ~0xfffL) >= 0
                    && Long.compareUnsigned(vaddr, p.vaddr() + p.memSizeBytes()) < 0) {
                return Optional.of(p.permissionChars());
            }
        }
        return Optional.empty();
    }

    /** The lowest PT_LOAD vaddr, page-aligned: subtract from the offset-0 mapping's start for the load bias. */
    long minLoadVaddr() {
        return loads.stream().mapToLong(p -> p.vaddr() & ~0xfffL).min().orElse(0);
    }

    /** {@code major:minor} of the file's device, as /proc/PID/maps prints it, and its inode; empty if unknown. */
    Optional<String> device() {
        try {
            long dev = (Long) Files.getAttribute(path, "unix:dev");
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            return Optional.of(String.format(Locale.ROOT, "%02x:%02x", major, minor));
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** The file's inode, 0 if unknown. */
    long inode() {
        try {
            return (Long) Files.getAttribute(path, "unix:ino");
        } catch (IOException | UnsupportedOperationException | ClassCastException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        bytes.close();
    }
}
