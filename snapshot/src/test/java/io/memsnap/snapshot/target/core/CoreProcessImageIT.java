// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.target.NginxProcess;
import io.memsnap.snapshot.memory.ProcMemMemory;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.proc.SmapsParser;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A gcore of the core_layout fixture against the live process: same mappings (minus [vvar]), same bytes, same pid,
 * and resident estimates that differ from the live Rss by exactly the all-zero pages the fixture touched.
 */
@EnabledOnOs(OS.LINUX)
class CoreProcessImageIT {
    /** Neither gdb nor the kernel writes these into a core. */
    static final Set<String> NOT_IN_CORES = Set.of("[vvar]", "[vvar_vclock]");

    static Path dir;
    static FixtureProcess fixture;
    static Path binary;
    static List<Mapping> live;
    static Path core;
    static String liveCmdline;

    @BeforeAll
    static void dumpFixture() throws Exception {
        dir = Files.createTempDirectory("memsnap-core");
        binary = Fixtures.compileC("core_layout", "-pthread");
        fixture = FixtureProcess.start(List.of(binary.toString(), "/etc/passwd"));
        liveCmdline = LiveProcessImage.readProcFile(fixture.pid(), "cmdline").replace('\0', ' ').trim();
        // smaps before gcore: gdb's reads fault pages of file mappings and the vdso into the target
        live = SmapsParser.parse(LiveProcessImage.readProcFile(fixture.pid(), "smaps"));
        core = Gcore.dump(fixture.pid(), dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        if (dir != null) {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static String describe(Mapping m) {
        return String.format(Locale.ROOT, "%x-%x %s %08x %s", m.start(), m.end(), m.perms(), m.offset(), m.path());
    }

    @Test
    void factsMatchTheLiveProcess() {
        try (CoreProcessImage img = CoreProcessImage.open(core)) {
            assertEquals(fixture.pid(), img.pid());
            CoreFacts f = img.facts();
            assertEquals(fixture.pid(), f.pid());
            assertEquals(ProcessHandle.current().pid(), f.ppid());
            assertEquals("core_layout", f.comm());
            // gdb's NT_PRPSINFO has argv[0] only; the full line comes from argv on the dumped stack
            assertEquals(binary + " /etc/passwd", liveCmdline);
            assertEquals(liveCmdline, f.cmdline());
            assertEquals(binary.toRealPath().toString(), f.exe().orElseThrow());
            assertEquals(2, f.threads());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void mappingsEqualLiveMapsExceptVvar() {
        List<String> expected = live.stream().filter(m -> !NOT_IN_CORES.contains(m.path()))
                .map(CoreProcessImageIT::describe).toList();
        try (CoreProcessImage img = CoreProcessImage.open(core)) {
            assertEquals(String.join("\n", expected),
                    img.mappings().stream().map(CoreProcessImageIT::describe).collect(Collectors.joining("\n")));
            Map<Long, Mapping> byStart = new HashMap<>();
            img.mappings().forEach(m -> byStart.put(m.start(), m));
            for (Mapping m : live) {
                if (m.path().startsWith("/") && !m.path().endsWith("(deleted)")) {
                    assertEquals(m.device(), byStart.get(m.start()).device(), m.path() + " " + img.warnings());
                    assertEquals(m.inode(), byStart.get(m.start()).inode(), m.path());
                }
            }
        }
    }

    @Test
    void everyReadableByteEqualsLiveMemory() {
        try (CoreProcessImage img = CoreProcessImage.open(core); ProcMemMemory mem = ProcMemMemory.open(fixture.pid())) {
            long compared = 0;
            for (Mapping m : img.mappings()) {
                if (!m.readable() || m.path().equals("[vsyscall]")) {
                    continue;
                }
                for (long a = m.start(); a < m.end(); a += 1 << 20) {
                    int n = (int) Math.min(1 << 20, m.end() - a);
                    byte[] live = RseqMask.apply(fixture.seen(), a, mem.read(a, n));
                    assertArrayEquals(live, RseqMask.apply(fixture.seen(), a, img.memory().read(a, n)),
                            String.format(Locale.ROOT, "bytes at 0x%x in %s", a, describe(m)));
                    compared += n;
                }
            }
            assertTrue(compared > 20 << 20, "compared " + compared);
            // with coredump_filter 0x33 gcore leaves libc's text out; its bytes above came from the file
            Mapping text = img.mappings().stream()
                    .filter(m -> m.path().endsWith("/libc.so.6") && m.executable()).findFirst().orElseThrow();
            assertEquals(0, text.rssBytes(), "libc text is not in the core");
            MemsnapException e = assertThrows(MemsnapException.class,
                    () -> img.memory().readLong(0xffffffffff600000L));
            assertEquals(MemsnapException.Kind.UNREADABLE, e.kind());
        }
    }

    @Test
    void residentEstimateMissesExactlyTheZeroTouchedPages() throws Exception {
        long zeroTouched = Long.parseLong(line("ZERO_TOUCHED").split(" ")[1]);
        long partial = Long.parseUnsignedLong(line("ADDR partial").split(" ")[2], 16);
        try (CoreProcessImage img = CoreProcessImage.open(core)) {
            Map<Long, Mapping> byStart = new HashMap<>();
            img.mappings().forEach(m -> byStart.put(m.start(), m));
            int checked = 0;
            for (Mapping m : live) {
                boolean anonOrShared = m.path().isEmpty() || m.path().equals("[heap]") || m.path().equals("[stack]")
                        || m.path().equals("/dev/zero (deleted)");
                if (!anonOrShared) {
                    continue;
                }
                long expected = m.start() == partial ? m.rssBytes() - zeroTouched : m.rssBytes();
                assertEquals(expected, byStart.get(m.start()).rssBytes(), describe(m));
                checked++;
            }
            assertTrue(checked >= 7, "checked " + checked);
            assertTrue(img.warnings().stream().anyMatch(w -> w.contains("no residency")));
        }
    }

    @Test
    void truncatedCoreIsBadInputWithPathAndOffset() throws Exception {
        byte[] all = Files.readAllBytes(core);
        for (int size : new int[] {100, 64 + 56 * 3, all.length / 2, all.length - 10}) {
            Path cut = dir.resolve("cut-" + size);
            Files.write(cut, java.util.Arrays.copyOf(all, size));
            MemsnapException e = assertThrows(MemsnapException.class, () -> CoreProcessImage.open(cut).close());
            assertEquals(MemsnapException.Kind.BAD_INPUT, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("offset"), e.getMessage());
            Files.delete(cut);
        }
    }

    @Test
    void corruptedCoreHeadersGiveOnlyBadInput() throws Exception {
        Path copy = dir.resolve("fuzzed");
        Files.copy(core, copy);
        long size = Files.size(copy);
        java.util.Random rnd = new java.util.Random(7);
        try (var ch = java.nio.channels.FileChannel.open(copy, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer hdr = java.nio.ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(hdr, 0);
            long phoff = hdr.getLong(32);
            int phnum = hdr.getShort(56) & 0xffff;
            java.nio.ByteBuffer ph = java.nio.ByteBuffer.allocate(56).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(ph, phoff); // PT_NOTE comes first in gcore's table
            long noteOff = ph.getLong(8);
            long noteSize = ph.getLong(32);
            for (int i = 0; i < 40; i++) {
                long at = switch (i % 3) {
                    case 0 -> rnd.nextInt(64);
                    case 1 -> phoff + rnd.nextInt(phnum * 56);
                    default -> noteOff + (long) (rnd.nextDouble() * noteSize);
                };
                java.nio.ByteBuffer orig = java.nio.ByteBuffer.allocate(4);
                ch.read(orig, at);
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) rnd.nextInt(256), (byte) rnd.nextInt(256),
                        (byte) rnd.nextInt(256), (byte) rnd.nextInt(256)}), at);
                try (CoreProcessImage img = CoreProcessImage.open(copy)) {
                    for (Mapping m : img.mappings()) {
                        try {
                            img.memory().read(m.start(), (int) Math.min(4096, m.sizeBytes()));
                        } catch (MemsnapException e) {
                            assertTrue(e.kind() == MemsnapException.Kind.UNREADABLE
                                    || e.kind() == MemsnapException.Kind.BAD_INPUT, e.getMessage());
                        }
                    }
                } catch (MemsnapException e) {
                    assertEquals(MemsnapException.Kind.BAD_INPUT, e.kind(), e.getMessage());
                } catch (IllegalArgumentException e) {
                    throw new AssertionError("corrupt core escaped as " + e, e);
                }
                orig.flip();
                ch.write(orig, at);
            }
        } finally {
            Files.deleteIfExists(copy);
        }
        assertEquals(size, Files.size(core));
    }

    @Test
    void nginxCoreHasTheLiveMappings() throws Exception {
        try (NginxProcess ngx = NginxProcess.start()) {
            List<Mapping> nginxLive = SmapsParser.parse(LiveProcessImage.readProcFile(ngx.pid(), "smaps"));
            String cmdline = LiveProcessImage.readProcFile(ngx.pid(), "cmdline").replace('\0', ' ').trim();
            Path nginxCore = Gcore.dump(ngx.pid(), dir);
            try (CoreProcessImage img = CoreProcessImage.open(nginxCore)) {
                assertEquals(ngx.pid(), img.pid());
                assertEquals(cmdline, img.facts().cmdline());
                assertEquals(
                        nginxLive.stream().filter(m -> !NOT_IN_CORES.contains(m.path()))
                                .map(CoreProcessImageIT::describe).collect(Collectors.joining("\n")),
                        img.mappings().stream().map(CoreProcessImageIT::describe).collect(Collectors.joining("\n")));
                Map<Long, Mapping> byStart = new HashMap<>();
                img.mappings().forEach(m -> byStart.put(m.start(), m));
                long liveAnon = 0;
                long coreAnon = 0;
                for (Mapping m : nginxLive) {
                    if (m.path().isEmpty() || m.path().equals("[heap]") || m.path().equals("[stack]")) {
                        liveAnon += m.rssBytes();
                        coreAnon += byStart.get(m.start()).rssBytes();
                    }
                }
                // nginx leaves no resident all-zero anonymous pages at startup? Measured, not assumed:
                assertEquals(liveAnon, coreAnon, "anonymous resident bytes live vs core estimate");
            } finally {
                Files.deleteIfExists(nginxCore);
            }
        }
    }

    private static String line(String prefix) {
        return fixture.seen().stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }
}
