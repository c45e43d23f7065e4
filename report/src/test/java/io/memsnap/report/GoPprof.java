// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code go tool pprof} (Debian golang-go) with its home and temp files in {@code tmp}; asserts exit 0. */
public final class GoPprof {
    private GoPprof() {}

    /** The output of {@code go tool pprof ARGS}. */
    public static String run(Path tmp, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("go", "tool", "pprof"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", tmp.toString());
        pb.environment().put("PPROF_TMPDIR", tmp.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
