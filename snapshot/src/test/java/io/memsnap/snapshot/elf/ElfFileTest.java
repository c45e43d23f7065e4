// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ElfFile against real Debian binaries, with readelf and nm as oracles. */
class ElfFileTest {
    static final String NGINX = "/usr/sbin/nginx";
    static final String LIBC = "/usr/lib/x86_64-linux-gnu/libc.so.6";
    static final String LUAJIT = "/usr/lib/x86_64-linux-gnu/libluajit-5.1.so.2";
    static final String LUA_MODULE = "/usr/lib/nginx/modules/ngx_http_lua_module.so";

    @ParameterizedTest
    @ValueSource(strings = {NGINX, LIBC, LUAJIT, LUA_MODULE})
    void buildIdEqualsReadelf(String file) throws Exception {
        Matcher m = Pattern.compile("Build ID: ([0-9a-f]+)").matcher(Tools.run("readelf", "-n", file));
        assertTrue(m.find());
        try (ElfFile elf = ElfFile.open(Path.of(file))) {
            assertEquals(m.group(1), elf.buildId().orElseThrow());
            assertEquals(ElfFile.EM_X86_64, elf.machine());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {NGINX, LIBC, LUAJIT, LUA_MODULE})
    void dynamicSymbolsEqualNm(String file) throws Exception {
        // versioned symbols (_sys_nerr@GLIBC_2.3 and @@GLIBC_2.12) share a name, so compare name/value pairs
        java.util.Set<String> ours = new java.util.HashSet<>();
        try (ElfFile elf = ElfFile.open(Path.of(file))) {
            for (ElfSymbol s : elf.dynamicSymbols()) {
                if (s.sectionIndex() != 0) {
                    ours.add(s.name() + "=" + s.value());
                }
            }
        }
        int compared = 0;
        for (String line : Tools.run("nm", "-D", "--defined-only", file).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3) {
                continue;
            }
            String name = f[2].replaceAll("@.*", "");
            assertTrue(ours.contains(name + "=" + Long.parseUnsignedLong(f[0], 16)), line + " in " + file);
            compared++;
        }
        assertTrue(compared > 50, "compared only " + compared);
    }

    @ParameterizedTest
    @ValueSource(strings = {NGINX, LIBC, LUAJIT, LUA_MODULE})
    void sectionsEqualReadelf(String file) throws Exception {
        // readelf -SW: [Nr] Name Type Address Off Size ...
        Pattern row = Pattern.compile("\\[\\s*\\d+\\]\\s+(\\S+)\\s+\\S+\\s+([0-9a-f]+)\\s+([0-9a-f]+)\\s+([0-9a-f]+)");
        try (ElfFile elf = ElfFile.open(Path.of(file))) {
            int n = 0;
            for (String line : Tools.run("readelf", "-SW", file).split("\n")) {
                Matcher m = row.matcher(line);
                if (m.find() && !line.contains("[ 0]")) {
                    Section s = elf.section(m.group(1)).orElseThrow(() -> new AssertionError(line));
                    assertEquals(Long.parseLong(m.group(2), 16), s.addr(), line);
                    assertEquals(Long.parseLong(m.group(3), 16), s.offset(), line);
                    assertEquals(Long.parseLong(m.group(4), 16), s.sizeBytes(), line);
                    n++;
                }
            }
            assertEquals(elf.sections().size() - 1, n);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {NGINX, LIBC, LUAJIT, LUA_MODULE})
    void debugLinkEqualsSectionDump(String file) throws Exception {
        try (ElfFile elf = ElfFile.open(Path.of(file))) {
            DebugLink link = elf.debugLink().orElseThrow();
            // the Debian debuglink name is the build-id without its first byte
            assertEquals(elf.buildId().orElseThrow().substring(2) + ".debug", link.fileName());
            byte[] raw = elf.sectionBytes(".gnu_debuglink").orElseThrow();
            String dump = Tools.run("readelf", "-x", ".gnu_debuglink", file);
            String crcWord = String.format(java.util.Locale.ROOT, "%02x%02x%02x%02x", raw[raw.length - 4],
                    raw[raw.length - 3], raw[raw.length - 2], raw[raw.length - 1]);
            assertTrue(dump.contains(crcWord), dump);
            assertEquals(Long.parseLong(crcWord.substring(6, 8) + crcWord.substring(4, 6) + crcWord.substring(2, 4)
                    + crcWord.substring(0, 2), 16), link.crc32());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {NGINX, LIBC, LUAJIT, LUA_MODULE})
    void dataSectionBytesEqualObjcopy(String file) throws Exception {
        Path out = java.nio.file.Files.createTempFile("data", ".bin");
        try (ElfFile elf = ElfFile.open(Path.of(file))) {
            Tools.run("objcopy", "-O", "binary", "--only-section=.data", file, out.toString());
            byte[] expected = java.nio.file.Files.readAllBytes(out);
            byte[] ours = elf.sectionBytes(".data").orElseThrow();
            assertTrue(java.util.Arrays.equals(expected, ours), file);
            // the same bytes read through PT_LOAD at the section's link-time address
            Section data = elf.section(".data").orElseThrow();
            assertTrue(java.util.Arrays.equals(ours, elf.readVirtual(data.addr(), (int) data.sizeBytes())));
            assertFalse(elf.sectionBytes(".bss").isPresent(), ".bss has no file bytes");
        } finally {
            java.nio.file.Files.deleteIfExists(out);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {NGINX, LUAJIT})
    void interpreterOrFirstStringReadsThroughPtLoad(String file) throws Exception {
        try (ElfFile elf = ElfFile.open(Path.of(file))) {
            Section comment = elf.section(".dynstr").orElseThrow();
            byte[] raw = elf.sectionBytes(".dynstr").orElseThrow();
            int second = 1;
            int end = second;
            while (raw[end] != 0) {
                end++;
            }
            String expected = new String(raw, second, end - second, java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(expected, elf.stringAtVirtual(comment.addr() + second, 4096));
            if (file.equals(NGINX)) {
                assertEquals("/lib64/ld-linux-x86-64.so.2",
                        elf.stringAtVirtual(elf.section(".interp").orElseThrow().addr(), 4096));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {LIBC})
    void debugFileSymtabEqualsReadelf(String file) throws Exception {
        Path libc = Path.of(file);
        Path debug;
        try (ElfFile elf = ElfFile.open(libc)) {
            debug = DebugFiles.standard().find(elf, libc).orElseThrow(
                    () -> new AssertionError("libc6-dbg is installed on the dev machine; the test needs it"));
        }
        Map<String, Long> oracle = new HashMap<>();
        for (String line : Tools.run("readelf", "-sW", debug.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[0].endsWith(":") && !f[1].equals("Value") && !f[6].equals("UND")) {
                oracle.putIfAbsent(f[7], Long.parseUnsignedLong(f[1], 16));
            }
        }
        try (ElfFile d = ElfFile.open(debug)) {
            List<ElfSymbol> syms = d.symbols();
            assertTrue(syms.size() > 1000);
            long mainArena = syms.stream().filter(s -> s.name().equals("main_arena")).findFirst().orElseThrow()
                    .value();
            assertEquals(oracle.get("main_arena"), mainArena);
            for (ElfSymbol s : syms) {
                if (s.sectionIndex() != 0 && oracle.containsKey(s.name()) && s.bind() == 1) {
                    assertEquals(oracle.get(s.name()), s.value(), s.name());
                }
            }
        }
    }
}
