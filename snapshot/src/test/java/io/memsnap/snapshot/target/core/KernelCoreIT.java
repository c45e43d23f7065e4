// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.snapshot.memory.ProcMemMemory;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.proc.SmapsParser;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A core written by the kernel (SIGABRT with {@code ulimit -c unlimited}; needs {@code kernel.core_pattern} to be a
 * plain file name such as Debian's default {@code core}) against the live process read just before: identical
 * mappings including [vvar], identical bytes, and the resident estimate off by exactly the zero-touched pages.
 */
@EnabledOnOs(OS.LINUX)
class KernelCoreIT {

    @Test
    void kernelCoreMatchesTheLiveProcess() throws Exception {
        Path binary = Fixtures.compileC("core_layout", "-pthread");
        Path dir = Files.createTempDirectory("memsnap-kcore");
        try (FixtureProcess fx = FixtureProcess.start(
                List.of("sh", "-c", "ulimit -c unlimited && exec " + binary + " /etc/passwd"), dir)) {
            int pid = fx.pid();
            List<Mapping> live = SmapsParser.parse(LiveProcessImage.readProcFile(pid, "smaps"));
            Map<Long, byte[]> bytes = new HashMap<>();
            try (ProcMemMemory mem = ProcMemMemory.open(pid)) {
                for (Mapping m : live) {
                    if (m.readable() && !m.path().startsWith("[vvar") && !m.path().equals("[vsyscall]")) {
                        bytes.put(m.start(), mem.read(m.start(), (int) m.sizeBytes()));
                    }
                }
            }
            Files.writeString(Path.of("/proc", Integer.toString(pid), "coredump_filter"), "0x33",
                    StandardCharsets.US_ASCII);
            new ProcessBuilder("kill", "-ABRT", Integer.toString(pid)).start().waitFor();
            assertTrue(fx.process().waitFor(60, TimeUnit.SECONDS));
            Path core;
            try (var files = Files.list(dir)) {
                core = files.filter(f -> f.getFileName().toString().startsWith("core")).findFirst()
                        .orElseThrow(() -> new AssertionError("the kernel wrote no core into " + dir
                                + "; kernel.core_pattern is '" + corePattern() + "', this test needs 'core'"));
            }
            try (CoreProcessImage img = CoreProcessImage.open(core)) {
                assertEquals(pid, img.pid());
                assertEquals(binary + " /etc/passwd", img.facts().cmdline());
                assertEquals(live.stream().map(KernelCoreIT::describe).collect(Collectors.joining("\n")),
                        img.mappings().stream().map(KernelCoreIT::describe).collect(Collectors.joining("\n")));
                for (Mapping m : live) {
                    byte[] b = bytes.get(m.start());
                    if (b != null) {
                        byte[] fromCore = img.memory().read(m.start(), b.length);
                        assertArrayEquals(RseqMask.apply(fx.seen(), m.start(), b),
                                RseqMask.apply(fx.seen(), m.start(), fromCore), describe(m));
                    }
                }
                long zeroTouched = Long.parseLong(line(fx, "ZERO_TOUCHED").split(" ")[1]);
                long partial = Long.parseUnsignedLong(line(fx, "ADDR partial").split(" ")[2], 16);
                Map<Long, Mapping> byStart = new HashMap<>();
                img.mappings().forEach(m -> byStart.put(m.start(), m));
                for (Mapping m : live) {
                    if (m.path().isEmpty() || m.path().equals("[heap]") || m.path().equals("[stack]")
                            || m.path().equals("/dev/zero (deleted)")) {
                        long expected = m.start() == partial ? m.rssBytes() - zeroTouched : m.rssBytes();
                        assertEquals(expected, byStart.get(m.start()).rssBytes(), describe(m));
                    }
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static String corePattern() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/core_pattern")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static String describe(Mapping m) {
        return String.format(Locale.ROOT, "%x-%x %s %08x %s", m.start(), m.end(), m.perms(), m.offset(), m.path());
    }

    private static String line(FixtureProcess fx, String prefix) {
        return fx.seen().stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }
}
