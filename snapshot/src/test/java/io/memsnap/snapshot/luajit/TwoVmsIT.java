// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ResidentClaim;
import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitVm;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import io.memsnap.snapshot.walk.LayerResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** A C host with two VMs from libluajit: both are found, the bigger is main, every page of both is claimed. */
@EnabledOnOs(OS.LINUX)
class TwoVmsIT {
    /** Tables of a fresh libluajit 2.1 VM after luaL_openlibs (_G, registry, library tables, metatables): 20 measured. */
    private static final long LIBRARY_TABLES_MIN = 10;

    private static final long LIBRARY_TABLES_MAX = 32;
    /**
     * Anonymous resident pages of the C host that are no VM's (libc and loader data): 52 KiB measured; a lost
     * allocator segment (128 KiB at the least) or one claimed twice falls outside 0..128 KiB.
     */
    private static final long NON_VM_ANONYMOUS = 128 << 10;

    @Test
    void bothVmsAreFoundAndTheBiggerIsMain() throws Exception {
        Path exe = Fixtures.compileC("two_luajit_vms", "-I/usr/include/luajit-2.1", "-lluajit-5.1");
        try (FixtureProcess p = FixtureProcess.start(List.of(exe.toString()));
                LiveProcessImage img = LiveProcessImage.open(p.pid())) {
            // the VMs stopped their collectors before READY, so the printed totals still hold
            String[] totals = p.seen().stream().filter(l -> l.startsWith("TOTALS")).findFirst().orElseThrow()
                    .split(" ");
            long big = Long.parseLong(totals[1]);
            long small = Long.parseLong(totals[2]);
            LayerResult<LuaJitHeap> r = LuaJitWalker.walk(img, LuaJitOptions.defaults());
            LuaJitHeap h = r.section().orElseThrow();
            assertEquals(2, h.vms().size(), h.vms().toString());
            LuaJitVm main = h.vms().stream().filter(LuaJitVm::main).findFirst().orElseThrow();
            LuaJitVm other = h.vms().stream().filter(v -> !v.main()).findFirst().orElseThrow();
            assertEquals(big, main.gcTotalBytes());
            assertEquals(small, other.gcTotalBytes());
            assertEquals(big, h.gcTotalBytes());
            assertEquals(main.mstateAddress(), h.allocator().mstateAddress());
            assertEquals(List.of(), h.warnings());
            // 200,000 tables of one array slot each and the global 'big', plus the library's own: a fresh
            // libluajit VM with openlibs holds LIBRARY_TABLES of them (measured; the small VM's 'small' is in the
            // other VM). A lost or doubled allocator segment changes the count by thousands.
            long tables = h.objectsOf("table").count() - 200_001;
            assertTrue(tables >= LIBRARY_TABLES_MIN && tables <= LIBRARY_TABLES_MAX, "tables beyond the workload's: " + tables);
            // the claims hold the main VM's pages and the other VM's too: in this C host the private anonymous
            // mappings other than [heap] are the two VMs' segments plus the loader's and libc's few pages
            long claimed = r.claims().stream().mapToLong(ResidentClaim::bytes).sum();
            LuaJitAllocator a = h.allocator();
            assertTrue(claimed > a.usedResidentBytes() + a.reclaimableResidentBytes(), claimed + " vs " + a);
            long anonRss = img.mappings().stream().filter(Mapping::anonymous).filter(m -> !m.path().equals("[heap]"))
                    .mapToLong(Mapping::rssBytes).sum();
            long gap = anonRss - claimed;
            assertTrue(gap >= 0 && gap <= NON_VM_ANONYMOUS, "anonymous Rss " + anonRss + " minus claims " + claimed);
            p.send("quit");
        }
    }
}
