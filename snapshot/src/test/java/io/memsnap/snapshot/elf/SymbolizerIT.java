// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.snapshot.target.NginxProcess;
import io.memsnap.snapshot.target.core.CoreProcessImage;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Symbol addresses of live processes and their cores against gdb. */
@EnabledOnOs(OS.LINUX)
class SymbolizerIT {

    @Test
    void libcSymbolsMatchGdbLiveAndInCore() throws Exception {
        Path bin = Fixtures.compileC("known_allocs");
        Path dir = Files.createTempDirectory("memsnap-sym");
        try (FixtureProcess fx = FixtureProcess.start(List.of(bin.toString()));
                LiveProcessImage live = LiveProcessImage.open(fx.pid())) {
            Map<String, Long> gdb = GdbOracle.addresses(List.of("-p", Integer.toString(fx.pid())), "malloc",
                    "main_arena", "__curbrk", "main");
            Symbolizer s = Symbolizer.of(live.mappings(), live::file);
            assertEquals(gdb.get("malloc"), s.address("malloc").orElseThrow());
            assertEquals(gdb.get("__curbrk"), s.address("libc.so.6", "__curbrk").orElseThrow());
            assertEquals(gdb.get("main"), s.address("known_allocs", "main").orElseThrow());
            // main_arena is local: only in the libc6-dbg debug file, found by build-id
            assertEquals(gdb.get("main_arena"), s.address("main_arena").orElseThrow());
            assertTrue(s.describe(gdb.get("malloc") + 5).matches("(__libc_)?malloc\\+0x5 \\(libc\\.so\\.6\\)"),
                    s.describe(gdb.get("malloc") + 5));
            assertEquals("main_arena+0x10 (libc.so.6)", s.describe(gdb.get("main_arena") + 16));

            // without debug files (as on CI) .dynsym still serves malloc; main_arena is unknown
            Path empty = Files.createDirectory(dir.resolve("debug"));
            Symbolizer bare = Symbolizer.of(live.mappings(), live::file, DebugFiles.under(empty));
            assertEquals(gdb.get("malloc"), bare.address("malloc").orElseThrow());
            assertEquals(Optional.empty(), bare.address("main_arena"));

            Path core = gcore(fx.pid(), dir);
            try (CoreProcessImage img = CoreProcessImage.open(core)) {
                Symbolizer c = Symbolizer.of(img.mappings(), img::file);
                for (String n : List.of("malloc", "main_arena", "__curbrk")) {
                    assertEquals(gdb.get(n), c.address(n).orElseThrow(), n);
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void nginxDynsymResolvesStrippedGlobals() throws Exception {
        Path dir = Files.createTempDirectory("memsnap-ngx");
        try (NginxProcess ngx = NginxProcess.start(); LiveProcessImage live = LiveProcessImage.open(ngx.pid())) {
            Map<String, Long> gdb = GdbOracle.addresses(List.of("-p", Integer.toString(ngx.pid())), "ngx_cycle",
                    "ngx_http_module", "ngx_palloc");
            Symbolizer s = Symbolizer.of(live.mappings(), live::file);
            for (String n : gdb.keySet()) {
                assertEquals(gdb.get(n), s.address("nginx", n).orElseThrow(), n);
            }
            assertEquals("ngx_cycle+0x0 (nginx)", s.describe(gdb.get("ngx_cycle")));
            long cycle = live.memory().readLong(gdb.get("ngx_cycle"));
            assertTrue(live.mappingAt(cycle).isPresent(), "ngx_cycle points into a mapping");

            Path core = gcore(ngx.pid(), dir);
            try (CoreProcessImage img = CoreProcessImage.open(core)) {
                Symbolizer c = Symbolizer.of(img.mappings(), img::file);
                assertEquals(gdb.get("ngx_cycle"), c.address("ngx_cycle").orElseThrow());
                assertEquals(cycle, img.memory().readLong(gdb.get("ngx_cycle")));
                assertEquals(live.memory().read(cycle, 648).length, img.memory().read(cycle, 648).length);
                assertTrue(java.util.Arrays.equals(live.memory().read(cycle, 648), img.memory().read(cycle, 648)));
                assertEquals("nginx", img.facts().comm());
                assertEquals("/usr/sbin/nginx", img.facts().exe().orElseThrow());
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static Path gcore(int pid, Path dir) throws Exception {
        return io.memsnap.snapshot.target.core.Gcore.dump(pid, dir);
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
