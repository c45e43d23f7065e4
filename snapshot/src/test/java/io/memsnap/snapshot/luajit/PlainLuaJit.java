// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Upstream LuaJIT's interpreter from Debian's {@code luajit} package, which conflicts with the installed luajit2
 * and so is never installed: it is downloaded with {@code apt-get download} and unpacked under {@code target/}.
 * The Debian executable has the VM built in, so no library path is needed.
 */
final class PlainLuaJit {
    private PlainLuaJit() {}

    /** The unpacked interpreter, downloading it on first use; fails (never skips) if that is impossible. */
    static synchronized Path interpreter() throws IOException, InterruptedException {
        Path dir = Path.of("target", "plain-luajit").toAbsolutePath();
        Path exe = dir.resolve("root/usr/bin/luajit");
        if (Files.isExecutable(exe)) {
            return exe;
        }
        Files.createDirectories(dir);
        run(dir, List.of("apt-get", "download", "luajit"));
        Path deb;
        try (Stream<Path> s = Files.list(dir)) {
            deb = s.filter(p -> p.getFileName().toString().matches("luajit_.*\\.deb")).findFirst()
                    .orElseThrow(() -> new IOException("apt-get download luajit produced no .deb in " + dir));
        }
        run(dir, List.of("dpkg-deb", "-x", deb.toString(), dir.resolve("root").toString()));
        return exe;
    }

    private static void run(Path dir, List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }
}
