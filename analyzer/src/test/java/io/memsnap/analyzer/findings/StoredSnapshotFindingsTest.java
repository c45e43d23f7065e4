// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memsnap.snapshot.codec.SnapshotCodec;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine on the stored snapshots modelled on CASES.md: the findings the cases call for, in rank order. */
class StoredSnapshotFindingsTest {
    private static Snapshot read(String name) throws IOException {
        String file = "/snapshots/" + name + (name.startsWith("linux6.18") ? ".json.gz" : ".json");
        try (InputStream in = StoredSnapshotFindingsTest.class.getResourceAsStream(file)) {
            return SnapshotCodec.create().read(in, name);
        }
    }

    @Test
    void caseOnePoolLeak() throws IOException {
        List<Finding> fs = FindingsEngine.withDefaultRules()
                .analyze(read("linux6.1-x86_64-nginx1.22-glibc2.36-pool-leak"));
        assertEquals(List.of("glibc.size-class-spike@4242", "rss.dominant-layer@4242"),
                fs.stream().map(f -> f.id() + "@" + f.pid()).toList());
        // 389,136 * 2,000 = 778,272,000 B = 742 MiB, from glibc.common_sizes of the worker
        assertEquals("2,240 blocks of 256–512 KiB (812 MiB, 77% of RSS) are in use in glibc malloc; 2,000 of them are"
                + " 389,136-byte chunks (742 MiB).", fs.get(0).text());
    }

    @Test
    void caseTwoLuaJitFreeRetained() throws IOException {
        Snapshot s = read("linux6.1-x86_64-openresty-luajit2-free-retained");
        List<Finding> fs = FindingsEngine.withDefaultRules().analyze(s);
        assertEquals(List.of("luajit.free-retained", "cgroup.near-limit", "rss.dominant-layer",
                "luajit.gc-type-dominant", "capture.warnings"), fs.stream().map(Finding::id).toList());
        // reclaimable_resident_bytes 350,838,784 = 334.6 MiB (the breakdown's luajit_free_resident), not the
        // byte-wise free_resident_bytes 352,526,336
        assertEquals("94% of the 515 MiB held by the LuaJIT allocator is free but retained: 335 MiB of resident pages"
                + " hold no live object (65% of RSS).", fs.get(0).text());
        assertEquals(350_838_784L, fs.get(0).bytes());
        assertEquals("Tables make 80% of the LuaJIT GC heap (23.8 MiB of 29.8 MiB, 240,000 objects); the largest has"
                + " 262,144 hash slots (6.0 MiB).", fs.get(3).text());
        assertEquals(fs, FindingsEngine.withDefaultRules().analyze(s.processes().get(0)));
    }

    @Test
    void capturedFragmentedHeapUsesTrimmableAndFragmented() throws IOException {
        Snapshot s = read("linux6.18-x86_64-glibc2.36-c-fragmented");
        Finding f = FindingsEngine.withDefaultRules().analyze(s).get(0);
        var a = s.processes().get(0).glibc().orElseThrow().arenas().get(0);
        // the record: free 160,906,576 + top 59,872 = 153.5 MiB; free pages 51,437,568 = 49.1 MiB; trimmable
        // 50,401,280 = 48.1 MiB; fragmented 109,471,536 = 104 MiB; RSS 323,780,608
        assertEquals(List.of(160_906_576L, 59_872L, 51_437_568L, 50_401_280L, 109_471_536L, 323_780_608L),
                List.of(a.freeBytes(), a.topBytes(), a.freeResidentBytes(), a.trimmableBytes(), a.fragmentedBytes(),
                        s.processes().get(0).rssBytes()));
        assertEquals("glibc.free-resident", f.id());
        assertEquals("glibc holds 154 MiB free: 49.1 MiB in resident free pages (16% of RSS), of which malloc_trim(0)"
                + " could return 48.1 MiB now; 104 MiB (34% of RSS) is fragmented among live chunks, which no trim"
                + " returns.", f.text());
        assertEquals(51_437_568L + 109_471_536L, f.bytes());
    }

    @Test
    void capturedPseudoLeakUsesReclaimablePages() throws IOException {
        Snapshot s = read("linux6.18-x86_64-nginx1.22-openresty-luajit2-pseudo-leak");
        Finding f = FindingsEngine.withDefaultRules().analyze(s).get(0);
        var worker = s.processes().get(1);
        var a = worker.luajit().orElseThrow().allocator();
        assertEquals("luajit.free-retained", f.id());
        assertEquals(a.reclaimableResidentBytes(), f.bytes());
        // 58,818,560 B = 56.1 MiB of 70,520,832 B = 67.3 MiB; 68,838,752 free = 97.6%; RSS 78,508,032 -> 74.9%
        assertEquals(List.of(58_818_560L, 70_520_832L, 68_838_752L, 78_508_032L),
                List.of(a.reclaimableResidentBytes(), a.footprintBytes(), a.freeBytes(), worker.rssBytes()));
        assertEquals("98% of the 67.3 MiB held by the LuaJIT allocator is free but retained: 56.1 MiB of resident"
                + " pages hold no live object (75% of RSS).", f.text());
    }
}
