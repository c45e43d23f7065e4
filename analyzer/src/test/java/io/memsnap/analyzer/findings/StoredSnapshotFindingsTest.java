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
        try (InputStream in = StoredSnapshotFindingsTest.class.getResourceAsStream("/snapshots/" + name + ".json")) {
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
}
