// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.HostInfo;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ProcStatus;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.model.glibc.CommonSize;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.glibc.GlibcMmapped;
import io.memsnap.snapshot.model.glibc.SizeClass;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotCodecTest {
    private final SnapshotCodec codec = SnapshotCodec.create();

    @TempDir
    Path dir;

    static Snapshot sample(boolean withOptionals) {
        Mapping heap = new Mapping(0x1000, 0x5000, "rw-p", 0, "00:00", 0, "[heap]", 12288, 12288, 12288, 0, 0, 12288,
                0, 0);
        Mapping lib = new Mapping(0x7f0000000000L, 0x7f0000002000L, "r-xp", 4096, "fe:01", 1234,
                "/usr/lib/x86_64-linux-gnu/libc.so.6", 8192, 4096, 0, 0, 8192, 0, 0, 0);
        GlibcHeap glibc = new GlibcHeap("2.36",
                List.of(new GlibcArena("main", 0x7f00001f6c80L, 1, 16384, 8192, 12, 2048, 3, 1024, 512, 2, 256, 1,
                        2200, 4096, 4096, 0, List.of(new SizeClass(32, 64, 10, 400, 1, 48, 2, 96, 3, 120, 0, 0)),
                        List.of(new CommonSize(48, 10, 480)), List.of())),
                new GlibcMmapped(1, 135168, 135168),
                List.of(new SizeClass(32, 64, 10, 400, 1, 48, 2, 96, 3, 120, 0, 0)),
                List.of(new CommonSize(48, 10, 480)), List.of("arena 2 unreadable"));
        LuaJitHeap luajit = new LuaJitHeap("openresty-luajit2", true, 4096, new LuaJitAllocator(65536, 8192, 57344,
                40960), List.of(new GcObjectType("table", 3, 300)), List.of());
        ProcessSnapshot p = new ProcessSnapshot(42, 1, Role.WORKER, "nginx", "nginx: worker process",
                "/usr/sbin/nginx", 20480, new ProcStatus(1 << 20, 20480, 30000, 12288, 8192, 0, 0, 1),
                withOptionals ? Optional.of(1L << 30) : Optional.empty(),
                withOptionals ? Optional.of(37L) : Optional.empty(), List.of(heap, lib),
                List.of(new BreakdownEntry(Category.GLIBC_USED, 12288),
                        new BreakdownEntry(Category.BINARY_AND_LIBRARIES, 8192)),
                withOptionals ? Optional.of(glibc) : Optional.empty(),
                withOptionals ? Optional.of(luajit) : Optional.empty(), List.of("cmdline unreadable"));
        return new Snapshot(Snapshot.FORMAT, "2026-11-21T14:03:27Z", "pid 42", new HostInfo("6.1.0", 4096, "0.1.0"),
                List.of(p));
    }

    @ParameterizedTest
    @ValueSource(strings = {"snap.json", "snap.json.gz"})
    void roundTripIsEqual(String name) throws IOException {
        for (boolean optionals : new boolean[] {true, false}) {
            Snapshot s = sample(optionals);
            Path f = dir.resolve(optionals + name);
            codec.write(s, f);
            assertEquals(s, codec.read(f));
        }
    }

    @Test
    void gzipByNameAndDetectedByMagic() throws IOException {
        Path gz = dir.resolve("snap.json.gz");
        codec.write(sample(true), gz);
        byte[] b = Files.readAllBytes(gz);
        assertEquals(0x1f, b[0] & 0xff);
        assertEquals(0x8b, b[1] & 0xff);
        Path renamed = dir.resolve("renamed.json");
        Files.write(renamed, b);
        assertEquals(sample(true), codec.read(renamed));
    }

    @Test
    void writingIsDeterministicAndSnakeCase() throws IOException {
        Path a = dir.resolve("a.json.gz");
        Path b = dir.resolve("b.json.gz");
        codec.write(sample(true), a);
        codec.write(sample(true), b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        String json = json(sample(true));
        assertTrue(json.startsWith("{\n  \"format\" : \"memsnap-snapshot/1\",\n  \"captured_at\""), json);
        assertTrue(json.contains("\"rss_bytes\" : 20480"));
        assertTrue(json.contains("\"cgroup_memory_limit_bytes\" : 1073741824"));
        assertTrue(json.contains("\"category\" : \"glibc_used\""));
        assertTrue(json.contains("\"role\" : \"worker\""));
        assertFalse(json.contains("\"size_bytes\" : 16384") || json.contains("\"readable\""),
                "derived accessors (Mapping.sizeBytes, readable) are not written");
        String absent = json(sample(false));
        assertFalse(absent.contains("cgroup_memory_limit_bytes"), "absent optionals are left out");
        assertFalse(absent.contains("\"glibc\""));
        assertFalse(json.contains("\r"));
    }

    @Test
    void readsEveryStoredSnapshotAndRoundTripsIt() throws IOException {
        for (String name : List.of("linux6.18-x86_64-nginx1.22-glibc2.36-pool-leak.json.gz",
                "linux6.18-x86_64-luajit2-free-retained.json.gz", "linux6.1-x86_64-hostile-strings.json",
                "linux6.18-x86_64-nginx1.22-openresty-luajit2-pseudo-leak.json.gz",
                "linux6.18-x86_64-glibc2.36-c-fragmented.json.gz")) {
            Snapshot s;
            try (InputStream in = getClass().getResourceAsStream("/snapshots/" + name)) {
                s = codec.read(in, name);
            }
            Path f = dir.resolve(name + ".gz");
            codec.write(s, f);
            assertEquals(s, codec.read(f), name);
        }
    }

    @Test
    void otherFormatIsRefusedByName() {
        MemsnapException e = bad("{\"format\":\"memsnap-snapshot/2\",\"processes\":[]}");
        assertTrue(e.getMessage().contains("in.json"), e.getMessage());
        assertTrue(e.getMessage().contains("memsnap-snapshot/2"), e.getMessage());
        assertTrue(bad("{\"processes\":[]}").getMessage().contains("no \"format\""));
        assertTrue(bad("[1,2]").getMessage().contains("not a JSON object"));
        assertTrue(bad("").getMessage().contains("empty"));
    }

    @Test
    void badJsonNamesLineAndColumn() {
        MemsnapException e = bad("{\"format\": \"memsnap-snapshot/1\",\n  \"captured_at\": oops}");
        assertTrue(e.getMessage().contains("line 2, column"), e.getMessage());
        assertTrue(e.getMessage().startsWith("snapshot in.json is not valid JSON"), e.getMessage());
    }

    @Test
    void missingRequiredFieldNamesIt() throws IOException {
        String json = json(sample(true)).replace("\"rss_bytes\" : 20480,", "");
        MemsnapException e = bad(json);
        assertTrue(e.getMessage().contains("processes[0].rss_bytes"), e.getMessage());
        String noExe = json(sample(true)).replace("\"exe\" : \"/usr/sbin/nginx\",", "");
        assertTrue(bad(noExe).getMessage().contains("processes[0].exe"), bad(noExe).getMessage());
        String noPages = json(sample(true)).replace("\"page_size_bytes\" : 4096,", "");
        assertTrue(bad(noPages).getMessage().contains("host.page_size_bytes"), bad(noPages).getMessage());
    }

    @Test
    void inconsistentSnapshotIsBadInput() throws IOException {
        String json = json(sample(true)).replace("\"rss_bytes\" : 20480,", "\"rss_bytes\" : 20481,");
        assertTrue(bad(json).getMessage().contains("breakdown sums to 20480"), bad(json).getMessage());
    }

    @Test
    void truncatedGzipIsBadInput() throws IOException {
        Path gz = dir.resolve("t.json.gz");
        codec.write(sample(true), gz);
        byte[] b = Files.readAllBytes(gz);
        Path cut = dir.resolve("cut.json.gz");
        Files.write(cut, Arrays.copyOf(b, b.length / 2));
        MemsnapException e = assertThrows(MemsnapException.class, () -> codec.read(cut));
        assertEquals(MemsnapException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
    }

    @Test
    void missingFileIsBadInput() {
        Path none = dir.resolve("none.json");
        MemsnapException e = assertThrows(MemsnapException.class, () -> codec.read(none));
        assertEquals(MemsnapException.Kind.BAD_INPUT, e.kind());
        assertTrue(e.getMessage().contains(none.toString()));
    }

    private MemsnapException bad(String json) {
        MemsnapException e = assertThrows(MemsnapException.class,
                () -> codec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "in.json"));
        assertEquals(MemsnapException.Kind.BAD_INPUT, e.kind());
        return e;
    }

    private String json(Snapshot s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(s, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
