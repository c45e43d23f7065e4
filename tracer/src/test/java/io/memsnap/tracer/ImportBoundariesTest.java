// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The tracer uses only snapshot's elf, proc and model packages and its exception base, which keep their names. */
class ImportBoundariesTest {
    @Test
    void onlyElfProcModelAndTheExceptionBase() throws Exception {
        List<String> bad = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (line.startsWith("import io.memsnap.snapshot.")
                            && !line.matches("import io\\.memsnap\\.snapshot\\.(elf|proc|model)\\..*")
                            && !line.matches("import io\\.memsnap\\.snapshot\\.MemsnapException(\\.Kind)?;")) {
                        bad.add(f + ": " + line);
                    }
                }
            }
        }
        assertEquals(List.of(), bad);
    }
}
