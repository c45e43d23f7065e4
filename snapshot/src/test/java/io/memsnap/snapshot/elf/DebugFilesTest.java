// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debug file search: by build-id under the standard root (libc6-dbg is installed on the dev machine), and by
 * .gnu_debuglink in the places gdb looks, with the CRC checked, using copies in a temp dir.
 */
class DebugFilesTest {
    static final Path LIBC = Path.of(ElfFileTest.LIBC);

    @TempDir
    Path tmp;

    private static Path standardDebugFile() {
        try (ElfFile elf = ElfFile.open(LIBC)) {
            return DebugFiles.standard().find(elf, LIBC).orElseThrow(
                    () -> new AssertionError("libc6-dbg is installed on the dev machine; the test needs it"));
        }
    }

    @Test
    void findsLibcDebugFileByBuildId() {
        try (ElfFile elf = ElfFile.open(LIBC)) {
            String id = elf.buildId().orElseThrow();
            assertEquals(Path.of("/usr/lib/debug/.build-id", id.substring(0, 2), id.substring(2) + ".debug"),
                    standardDebugFile());
        }
    }

    @Test
    void findsDebuglinkTargetsOnlyWithTheRightCrc() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib")).resolve("libc.so.6");
        Files.copy(LIBC, lib);
        Path root = Files.createDirectories(tmp.resolve("debugroot"));
        DebugFiles search = DebugFiles.under(root);
        String name;
        try (ElfFile elf = ElfFile.open(lib)) {
            name = elf.debugLink().orElseThrow().fileName();
            assertEquals(Optional.empty(), search.find(elf, lib), "nothing there yet");
            // in .debug/ next to the file, then under <root>/<dir of the file>/
            Files.createDirectories(lib.resolveSibling(".debug"));
            Path inDotDebug = lib.resolveSibling(".debug").resolve(name);
            Files.copy(standardDebugFile(), inDotDebug);
            assertEquals(Optional.of(inDotDebug), search.find(elf, lib));
            Path underRoot = root.resolve(Path.of("/").relativize(lib.getParent())).resolve(name);
            Files.createDirectories(underRoot.getParent());
            Files.move(inDotDebug, underRoot);
            assertEquals(Optional.of(underRoot), search.find(elf, lib));
            // a file with the right name but other content fails the CRC and is ignored
            byte[] b = Files.readAllBytes(underRoot);
            b[b.length - 1] ^= 1;
            Files.write(underRoot, b);
            assertEquals(Optional.empty(), search.find(elf, lib));
        }
    }
}
