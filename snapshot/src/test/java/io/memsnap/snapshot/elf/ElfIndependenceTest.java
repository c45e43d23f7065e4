// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The ELF reader stands below capture: capture (core files) uses it, so it must not use capture back. */
class ElfIndependenceTest {
    @Test
    void elfDoesNotImportCapture() throws IOException {
        Path dir = Path.of("src/main/java/io/memsnap/snapshot/elf");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> offenders = files.filter(f -> {
                try {
                    return Files.readString(f, StandardCharsets.UTF_8).contains("io.memsnap.snapshot.capture");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(f -> f.getFileName().toString()).sorted().toList();
            assertEquals(List.of(), offenders);
        }
    }
}
