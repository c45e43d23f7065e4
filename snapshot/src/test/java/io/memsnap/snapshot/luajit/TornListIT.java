// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.target.CorruptedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** A root list that points somewhere wild or loops gives a warning and partial counts, never an exception. */
@EnabledOnOs(OS.LINUX)
class TornListIT {
    @Test
    void wildPointerAndCycleInTheRootListAreWarnedAbout() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(Path.of("/usr/bin/luajit"))) {
            t.run("work tables 3000");
            var m = t.measure(img -> {
                LuaJitHeap clean = LuaJitWalker.walk(img, LuaJitOptions.defaults()).section().orElseThrow();
                long table = clean.biggestTables().get(0).address();
                LuaJitHeap wild = LuaJitWalker.walk(new CorruptedImage(img, Map.of(table, 0x12345678L)),
                        LuaJitOptions.defaults()).section().orElseThrow();
                LuaJitHeap cycle = LuaJitWalker.walk(new CorruptedImage(img, Map.of(table, table)),
                        LuaJitOptions.defaults()).section().orElseThrow();
                return List.of(clean, wild, cycle);
            });
            LuaJitHeap clean = m.captured().get(0);
            LuaJitHeap wild = m.captured().get(1);
            LuaJitHeap cycle = m.captured().get(2);
            assertEquals(List.of(), clean.warnings());
            assertTrue(wild.warnings().stream()
                    .anyMatch(w -> w.startsWith("1 root list links could not be walked (first at 0x12345678)")),
                    wild.warnings().toString());
            // a torn walk reports no GC objects at all (issue 9): partial counts would be presented as findings
            assertTrue(clean.objects().size() > 0);
            assertEquals(List.of(), wild.objects());
            assertEquals(0, wild.objectBytes());
            assertTrue(wild.warnings().stream().anyMatch(w -> w.startsWith("GC objects not reported")));
            // the allocator's own numbers do not rest on the GC lists and stay
            assertEquals(clean.allocator(), wild.allocator());
            assertTrue(cycle.warnings().stream().anyMatch(w -> w.contains("bound reached")),
                    cycle.warnings().toString());
            assertEquals(List.of(), cycle.objects());
        }
    }
}
