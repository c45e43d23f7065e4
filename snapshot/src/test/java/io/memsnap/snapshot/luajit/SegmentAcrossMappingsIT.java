// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * After a fork the kernel does not merge a new anonymous mapping with an inherited neighbour, so one LuaJIT segment
 * (grown or prepended by an adjacent mmap) spans two VMAs. nginx workers and the daemonised master are forked after
 * the VM exists. The walk must follow the segment across the VMA boundary: no warnings, exact gc.total.
 */
@EnabledOnOs(OS.LINUX)
class SegmentAcrossMappingsIT {
    @Test
    void aSegmentSpanningTwoMappingsIsWalkedWhole() throws Exception {
        try (LuaJitTarget t = LuaJitTarget.start(Path.of("/usr/bin/luajit"))) {
            t.run("pseudo_leak 8");
            t.fork();
            t.run("pseudo_leak 48");
            var m = t.measure(img -> {
                LuaJitHeap heap = LuaJitWalker.walk(img, LuaJitOptions.defaults()).section().orElseThrow();
                return new Object[] {heap, adjacentAnonymousPairs(img.mappings())};
            });
            LuaJitHeap heap = (LuaJitHeap) m.captured()[0];
            assertTrue((int) m.captured()[1] > 0, "precondition: the child has adjacent unmerged anonymous mappings");
            assertEquals(List.of(), heap.warnings());
            assertEquals(m.gcTotalBytes(), heap.gcTotalBytes());
            assertTrue(heap.allocator().usedBytes() >= heap.gcTotalBytes());
        }
    }

    private static int adjacentAnonymousPairs(List<Mapping> maps) {
        int n = 0;
        for (int i = 1; i < maps.size(); i++) {
            Mapping a = maps.get(i - 1);
            Mapping b = maps.get(i);
            if (a.end() == b.start() && a.path().isEmpty() && b.path().isEmpty() && a.perms().equals("rw-p")
                    && b.perms().equals("rw-p")) {
                n++;
            }
        }
        return n;
    }
}
