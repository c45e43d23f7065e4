// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Finds the separate debug file of an ELF file the way gdb does: first by build-id under
 * {@code <root>/.build-id/xx/rest.debug}, then by {@code .gnu_debuglink} name next to the file, in its
 * {@code .debug/} subdirectory and under {@code <root>/<dir of the file>/}; debuglink candidates must match the
 * recorded CRC32. The root is {@code /usr/lib/debug} unless given; absence of debug files is normal (CI machines do
 * not install them). Stateless and thread-safe.
 */
public final class DebugFiles {
    /** The standard debug root on Debian. */
    public static final Path DEFAULT_ROOT = Path.of("/usr/lib/debug");

    private final Path root;
    private final boolean enabled;

    private DebugFiles(Path root, boolean enabled) {
        this.root = root;
        this.enabled = enabled;
    }

    /** Finds nothing: for lookups that only need exported (.dynsym) symbols and should not parse debug files. */
    public static DebugFiles none() {
        return new DebugFiles(Path.of("/nonexistent-debug-root"), false);
    }

    /** Looks under {@link #DEFAULT_ROOT}. */
    public static DebugFiles standard() {
        return new DebugFiles(DEFAULT_ROOT, true);
    }

    /** Looks under {@code root} instead of {@code /usr/lib/debug} (tests, or a sysroot). */
    public static DebugFiles under(Path root) {
        return new DebugFiles(root, true);
    }

    /** The debug root searched. */
    public Path root() {
        return root;
    }

    /**
     * The debug file for {@code elf}, which was read from {@code elfPath} (the path whose directory the debuglink
     * search uses); empty if none is found or readable.
     */
    public Optional<Path> find(ElfFile elf, Path elfPath) {
        if (!enabled) {
            return Optional.empty();
        }
        Optional<String> buildId = elf.buildId();
        if (buildId.isPresent() && buildId.get().length() > 2) {
            String id = buildId.get();
            Path p = root.resolve(".build-id").resolve(id.substring(0, 2)).resolve(id.substring(2) + ".debug");
            if (Files.isReadable(p) && sameBuildId(p, id)) {
                return Optional.of(p);
            }
        }
        Optional<DebugLink> link = elf.debugLink();
        if (link.isEmpty()) {
            return Optional.empty();
        }
        for (Path candidate : debugLinkCandidates(elfPath, link.get().fileName())) {
            if (Files.isReadable(candidate) && !isSameFile(candidate, elfPath)
                    && crc32(candidate) == link.get().crc32()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The places gdb looks for a debuglink target, in order. */
    List<Path> debugLinkCandidates(Path elfPath, String name) {
        Path abs = elfPath.toAbsolutePath();
        Path dir = abs.getParent() == null ? Path.of("/") : abs.getParent();
        List<Path> out = new ArrayList<>();
        out.add(dir.resolve(name));
        out.add(dir.resolve(".debug").resolve(name));
        out.add(root.resolve(Path.of("/").relativize(dir)).resolve(name));
        return out;
    }

    private static boolean sameBuildId(Path debug, String id) {
        try (ElfFile d = ElfFile.open(debug)) {
            return d.buildId().map(id::equals).orElse(false);
        } catch (RuntimeException e) {
            // a corrupt or foreign debug file is as good as none
            return false;
        }
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** CRC-32 of the whole file, -1 if it cannot be read. */
    static long crc32(Path p) {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(p)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                crc.update(buf, 0, n);
            }
        } catch (IOException e) {
            return -1;
        }
        return crc.getValue();
    }
}
