// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs binutils as test oracles. */
final class Tools {
    private Tools() {}

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.getErrorStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed");
        }
        return out;
    }
}
