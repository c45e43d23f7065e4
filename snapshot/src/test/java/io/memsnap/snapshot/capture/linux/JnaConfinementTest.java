// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** JNA has one home: {@link LinuxLibc}. Everything else goes through its wrappers. */
class JnaConfinementTest {
    @Test
    void onlyLinuxLibcImportsJna() throws IOException {
        Path main = Path.of("src", "main", "java");
        List<String> importers;
        try (Stream<Path> files = Files.walk(main)) {
            importers = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p, StandardCharsets.UTF_8).contains("import com.sun.jna");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(p -> main.relativize(p).toString()).toList();
        }
        assertEquals(List.of("io/memsnap/snapshot/capture/linux/LinuxLibc.java"), importers);
    }
}
