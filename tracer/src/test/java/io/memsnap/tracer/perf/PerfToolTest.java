// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.MemsnapException.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PerfToolTest {
    @Test
    void findsOnlyMemsnapGroupsInUprobeEvents() {
        String events = """
                r:memsnap_28154_libc/malloc__return /usr/lib/x86_64-linux-gnu/libc.so.6:0x0000000000098930 ret=$retval:u64
                p:memsnap_28154_libc/free /usr/lib/x86_64-linux-gnu/libc.so.6:0x0000000000098ef0 ptr=%di:u64
                p:probe_libc/malloc /usr/lib/x86_64-linux-gnu/libc.so.6:0x0000000000098930
                r:memsnap_77_ngx/create_pool__return /usr/sbin/nginx:0x0000000000041230 ret=$retval:u64
                """;
        assertEquals(List.of("memsnap_28154_libc", "memsnap_77_ngx"), PerfTool.groupsIn(events));
        assertEquals(28154, PerfTool.ownerPid("memsnap_28154_libc"));
        assertEquals(-1, PerfTool.ownerPid("memsnap_x_libc"));
    }

    @Test
    void missingPerfNotRootAndNoUprobesAreNamedInThatOrder() {
        Optional<Path> perf = Optional.of(Path.of("/usr/bin/perf"));
        assertEquals(Kind.UNAVAILABLE, assertThrows(MemsnapException.class,
                () -> PerfTool.check(Optional.empty(), "1000", false)).kind());
        MemsnapException notRoot = assertThrows(MemsnapException.class, () -> PerfTool.check(perf, "1000", true));
        assertEquals(Kind.PERMISSION, notRoot.kind());
        assertEquals("tracing needs root: uprobes are added through the kernel's tracefs; run memsnap trace as root",
                notRoot.getMessage());
        MemsnapException noUprobes = assertThrows(MemsnapException.class, () -> PerfTool.check(perf, "0", false));
        assertEquals(Kind.UNAVAILABLE, noUprobes.kind());
        assertTrue(noUprobes.getMessage().contains("CONFIG_UPROBE_EVENTS"), noUprobes.getMessage());
        assertEquals(perf.get(), PerfTool.check(perf, "0", true).perf());
    }

    @Test
    void probeDefinitionIsWhatUprobeEventsTakes() {
        Probe p = new Probe("memsnap_1_libc", "malloc", "/lib/libc.so.6", "malloc", 0x98930, true,
                "ret=$retval:u64 csize=+-8($retval):u64", true, "csize>=4096");
        assertEquals("r:memsnap_1_libc/malloc__return /lib/libc.so.6:0x98930 ret=$retval:u64 csize=+-8($retval):u64",
                p.definition());
        assertEquals(List.of("-e", "memsnap_1_libc:malloc__return", "--filter", "csize>=4096"), p.recordArgs());
        Probe free = new Probe("memsnap_1_libc", "free", "/lib/libc.so.6", "free", 0x98ef0, false, "ptr=%di:u64",
                false, "");
        assertEquals(List.of("-e", "memsnap_1_libc:free/call-graph=no/"), free.recordArgs());
    }
}
