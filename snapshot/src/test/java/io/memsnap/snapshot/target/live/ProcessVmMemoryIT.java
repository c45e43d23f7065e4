// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.Fixtures;
import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.target.Target;
import io.memsnap.snapshot.memory.CachedMemory;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.ProcMemMemory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.SmapsParser;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(OS.LINUX)
class ProcessVmMemoryIT {
    private static final int PAGE = 4096;
    private static String binary;

    @BeforeAll
    static void build() throws Exception {
        binary = Fixtures.compileC("memory_layout").toString();
    }

    /** rw start, guard start, unmapped address from the fixture's LAYOUT line. */
    private static long[] layout(Target t) {
        String line = t.io().seen().stream().filter(l -> l.startsWith("LAYOUT ")).findFirst().orElseThrow();
        String[] f = line.split(" ");
        return new long[] {Long.parseUnsignedLong(f[1], 16), Long.parseUnsignedLong(f[2], 16),
            Long.parseUnsignedLong(f[3], 16)};
    }

    private static byte expected(long i) {
        return (byte) (i * 7 + 3);
    }

    @Test
    void processVmReadvAndProcMemReadTheSameBytes() throws Exception {
        try (Target t = Target.start(List.of(binary))) {
            long rw = layout(t)[0];
            Memory vm = ProcessVmMemory.open(t.pid());
            assertInstanceOf(ProcessVmMemory.class, vm);
            try (ProcMemMemory mem = ProcMemMemory.open(t.pid())) {
                byte[] a = vm.read(rw, 3 * PAGE);
                assertArrayEquals(mem.read(rw, 3 * PAGE), a);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(expected(i), a[i]);
                }
                // and across every readable, resident mapping of the process (libraries, heap, stack)
                List<Mapping> maps = SmapsParser.parse(ProcFs.readText(t.pid(), "smaps"));
                long compared = 0;
                for (Mapping m : maps) {
                    if (m.readable() && m.rssBytes() > 0 && !m.path().equals("[vvar]") && m.start() > 0) {
                        int n = (int) Math.min(m.sizeBytes(), 1 << 20);
                        assertArrayEquals(mem.read(m.start(), n), vm.read(m.start(), n), m.path());
                        compared += n;
                    }
                }
                assertTrue(compared > 1 << 20, "compared " + compared);
                assertFalse(((ProcessVmMemory) vm).usingFallback());
            }
        }
    }

    @Test
    void unmappedAndGuardPageReadsFailPrecisely() throws Exception {
        try (Target t = Target.start(List.of(binary))) {
            long[] l = layout(t);
            Memory vm = ProcessVmMemory.open(t.pid());
            UnreadableMemoryException hole = assertThrows(UnreadableMemoryException.class, () -> vm.readLong(l[2]));
            assertEquals(l[2], hole.address());
            UnreadableMemoryException guard =
                    assertThrows(UnreadableMemoryException.class, () -> vm.read(l[1] - 16, 32));
            assertEquals(l[1], guard.address(), "failure names the first byte of the guard page");
            assertEquals(16, guard.length());
        }
    }

    @Test
    void cacheServesTheReadablePartOfABlockThatEndsInAGuardPage() throws Exception {
        try (Target t = Target.start(List.of(binary))) {
            long[] l = layout(t);
            CachedMemory m = CachedMemory.of(ProcessVmMemory.open(t.pid()), 8);
            byte[] tail = m.read(l[1] - 16, 16);
            for (int i = 0; i < 16; i++) {
                assertEquals(expected(3L * PAGE - 16 + i), tail[i]);
            }
            UnreadableMemoryException e = assertThrows(UnreadableMemoryException.class, () -> m.read(l[1] - 8, 16));
            assertEquals(l[1], e.address());
            assertEquals(expected(0), m.read(l[0], 1)[0]);
            assertThrows(UnreadableMemoryException.class, () -> m.readLong(l[2]));
        }
    }

    @Test
    void noSuchProcessIsTargetGone() {
        MemsnapException e = assertThrows(MemsnapException.class, () -> ProcessVmMemory.open(Integer.MAX_VALUE - 1));
        assertEquals(MemsnapException.Kind.TARGET_GONE, e.kind());
        assertEquals("no process with pid " + (Integer.MAX_VALUE - 1), e.getMessage());
    }
}
