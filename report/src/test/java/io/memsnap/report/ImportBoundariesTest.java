// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each library has one home: Jackson only in the JSON renderer, JFreeChart/JFreeSVG only in the HTML renderer. */
class ImportBoundariesTest {
    private static final Path MAIN = Path.of("src", "main", "java", "io", "memsnap", "report");

    @Test
    void jacksonOnlyInJsonAndChartsOnlyInHtml() throws IOException {
        assertEquals(List.of(), offenders("import com.fasterxml.", "json"));
        assertEquals(List.of(), offenders("import org.jfree.", "html"));
    }

    private static List<String> offenders(String importPrefix, String homePackage) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !MAIN.relativize(f).startsWith(homePackage))
                    .filter(f -> read(f).contains(importPrefix))
                    .map(Path::toString)
                    .sorted()
                    .toList();
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
