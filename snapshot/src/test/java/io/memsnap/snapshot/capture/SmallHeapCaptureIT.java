// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A frozen capture of a real big LuaJIT heap in a JVM of a small heap ({@code -Xmx200m}, the launcher's other flags),
 * while the walks beside the LuaJIT walk hold half of that heap: the object graph waits for them instead of running
 * out of memory beside them, and its numbers are exact. The target ({@code fixtures/c/luajit_beside_malloc.c}) holds
 * 1.5 million tables under {@code _G.big} (a graph of about 69 MiB, more than a quarter of the room it has) and a glibc
 * heap of a million free chunks; the capture runs in a child JVM ({@link SmallHeapCapture}) so that its heap is small.
 * Without the wait the graph ran beside the held half and did not fit ("did not fit in the JVM heap", no retainers).
 */
@EnabledOnOs(OS.LINUX)
class SmallHeapCaptureIT {
    private static final long TABLES = 1_500_000;
    private static final long FREED_CHUNKS = 1_000_000;
    /** Chunks glibc keeps in the thread cache of their size (tcache_count): counted as tcache, not free. */
    private static final long TCACHE_COUNT = 7;

    @Test
    void theGraphWaitsForTheWalksBesideItAndIsExact() throws Exception {
        Path exe = Fixtures.compileC("luajit_beside_malloc", "-I/usr/include/luajit-2.1", "-lluajit-5.1");
        try (FixtureProcess p = FixtureProcess.start(List.of(exe.toString(), Long.toString(TABLES),
                Long.toString(FREED_CHUNKS)))) {
            String[] oracle = p.seen().stream().filter(l -> l.startsWith("TOTAL ")).findFirst().orElseThrow()
                    .split(" ");
            Map<String, String> out = capture(p.pid());
            assertEquals(oracle[1], out.get("GC_TOTAL"), out.toString());
            // _G.big retains its tables: the growth of gc.total across building them, exact
            assertEquals(oracle[3], out.get("TOP"), out.toString());
            assertEquals("true", out.get("WAITED"), out.toString());
            assertEquals(Long.toString(FREED_CHUNKS - TCACHE_COUNT), out.get("FREE_CHUNKS"), out.toString());
            assertTrue(out.keySet().stream().noneMatch(k -> k.startsWith("WARNING")), out.toString());
        }
    }

    /** The child's output lines as key and rest (warnings keyed by their line); fails unless it exits 0. */
    private static Map<String, String> capture(int pid) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx200m", "-XX:NewRatio=5", "-cp", classPath,
                SmallHeapCapture.class.getName(), Integer.toString(pid), "0.5")
                .redirectErrorStream(true).start();
        child.getOutputStream().close();
        String text = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(180, TimeUnit.SECONDS), "capture did not end");
        assertEquals(0, child.exitValue(), text);
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int space = line.indexOf(' ');
            if (space > 0) {
                out.put(line.startsWith("WARNING") ? line : line.substring(0, space), line.substring(space + 1));
            }
        }
        return out;
    }
}
