// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memsnap.tracer.perf.PerfEvent;
import io.memsnap.tracer.perf.PerfScriptParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrampolineSplicerTest {
    @Test
    void joinsACutStackWithTheProbedFunctionsReturnOnTheSameThread() {
        List<PerfEvent> out = new ArrayList<>();
        TrampolineSplicer s = new TrampolineSplicer(out::add);
        // captured shape: malloc inside ngx_create_pool, whose return probe was pending
        PerfEvent cut = new PerfEvent(1, 7, 10, "malloc", true, 0x100, 16401, List.of("__posix_memalign",
                "ngx_memalign", "ngx_create_pool", PerfScriptParser.TRAMPOLINE));
        PerfEvent otherThread = new PerfEvent(1, 8, 11, "malloc", true, 0x900, 5000, List.of("x", "main"));
        PerfEvent free = new PerfEvent(1, 7, 12, "free", false, 0x50, 5000, List.of());
        PerfEvent pool = new PerfEvent(1, 7, 13, "create_pool", true, 0x110, 0x4110, List.of(
                "memsnap_leak_grow_pool", "handler", "main"));
        s.accept(cut);
        s.accept(otherThread);
        s.accept(free);
        s.accept(pool);
        s.flush();
        assertEquals(List.of(otherThread, free), out.subList(0, 2));
        assertEquals(List.of("__posix_memalign", "ngx_memalign", "ngx_create_pool", "memsnap_leak_grow_pool",
                "handler", "main"), out.get(2).framesLeafFirst());
        assertEquals(pool, out.get(3));
    }
}
