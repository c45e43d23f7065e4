// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The host's {@code MemAvailable} from {@code /proc/meminfo}, for the time-to-limit of a process without a limit. */
final class MemInfo {
    private MemInfo() {}

    static OptionalLong memAvailable() {
        try {
            return parseMemAvailable(Files.readString(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code MemAvailable:   123456 kB} in bytes. Pure. */
    static OptionalLong parseMemAvailable(String meminfo) {
        for (String line : meminfo.split("\n")) {
            if (line.startsWith("MemAvailable:")) {
                String[] f = line.substring("MemAvailable:".length()).trim().split("\\s+");
                return OptionalLong.of(Long.parseLong(f[0]) * 1024);
            }
        }
        return OptionalLong.empty();
    }
}
