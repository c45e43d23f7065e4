// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memsnap.fixtures.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/exit-codes.md lists exactly the codes {@code --help} lists, with the same meaning text. */
class ExitCodesDocTest {
    @Test
    void docTableEqualsExitCodeEnum() throws Exception {
        String doc = Files.readString(Fixtures.repoRoot().resolve("docs/exit-codes.md"), StandardCharsets.UTF_8);
        Map<Integer, String> documented = new LinkedHashMap<>();
        for (String line : doc.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length >= 3 && cells[1].strip().matches("\\d+")) {
                documented.put(Integer.parseInt(cells[1].strip()), cells[2].strip());
            }
        }
        Map<Integer, String> help = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) {
            help.put(c.code(), c.meaning());
        }
        assertEquals(help, documented);
    }
}
