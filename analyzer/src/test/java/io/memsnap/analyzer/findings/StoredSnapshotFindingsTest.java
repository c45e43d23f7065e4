// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static io.memsnap.analyzer.findings.HumanUnits.bytes;
import static io.memsnap.analyzer.findings.HumanUnits.count;
import static io.memsnap.analyzer.findings.HumanUnits.percent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.MallocInfo;
import io.memsnap.fixtures.StoredOracle;
import io.memsnap.snapshot.codec.SnapshotCodec;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine on the stored real captures of CASES.md's cases: the findings they call for, in rank order, with the
 * numbers in their sentences taken from the oracle files recorded in the same stop (smaps_rollup, malloc_info,
 * collectgarbage("count"), the workload's own counts), not copied from the snapshot.
 */
class StoredSnapshotFindingsTest {
    private static final long PAGE = 4096;

    private static Snapshot read(String name) throws IOException {
        try (InputStream in = StoredSnapshotFindingsTest.class.getResourceAsStream("/snapshots/" + name + ".json.gz")) {
            return SnapshotCodec.create().read(in, name);
        }
    }

    private static ProcessSnapshot target(Snapshot s, StoredOracle o) {
        return s.processes().stream().filter(p -> p.pid() == o.target()).findFirst().orElseThrow();
    }

    private static long rss(StoredOracle o) {
        return o.smapsRssBytes().get(o.target());
    }

    private static String ofRss(long part, StoredOracle o) {
        return percent(Shares.of(part, rss(o)));
    }

    /**
     * No share of RSS above 100% on any stored snapshot, in a finding or its evidence: a share of RSS is computed
     * from resident bytes only (allocation bytes such as a footprint or untouched pool blocks have none). The
     * "101% of RSS" of the pool-leak capture and of the hostile snapshot's LuaJIT footprint were such shares.
     */
    @Test
    void noShareOfRssPassesTheWhole() throws IOException {
        for (String name : List.of("linux6.18-x86_64-nginx1.22-glibc2.36-pool-leak",
                "linux6.18-x86_64-nginx1.22-openresty-luajit2-pseudo-leak", "linux6.18-x86_64-glibc2.36-c-fragmented",
                "linux6.18-x86_64-luajit2-free-retained")) {
            for (Finding f : FindingsEngine.withDefaultRules().analyze(read(name))) {
                assertTrue(f.shareOfRss().stream().allMatch(s -> s <= 1.0), name + ": " + f.text());
                for (EvidenceRow r : f.evidence()) {
                    assertTrue(r.shareOfRss().stream().allMatch(s -> s <= 1.0), name + ": " + f.id() + " row " + r.label() + " "
                            + r.shareOfRss());
                }
            }
        }
    }

    @Test
    void caseOnePoolLeak() throws IOException {
        String name = "linux6.18-x86_64-nginx1.22-glibc2.36-pool-leak";
        StoredOracle o = StoredOracle.read(name);
        List<Finding> fs = FindingsEngine.withDefaultRules().analyze(read(name));
        int w = o.target();
        assertEquals(List.of("nginx.pool-owner@" + w, "glibc.size-class-spike@" + w, "rss.dominant-layer@" + w),
                fs.stream().map(f -> f.id() + "@" + f.pid()).toList());
        long pools = o.workloadNumber("pools").orElseThrow();
        long blocks = o.workloadNumber("large_blocks").orElseThrow();
        // each large request (a page multiple) is an mmapped chunk one page longer (its 16-byte header)
        long chunkBytes = o.workloadNumber("large_bytes").orElseThrow() + blocks * PAGE;
        assertTrue(fs.get(0).text().startsWith(count(pools) + " nginx pools owned by hint: cycle or configuration pool"
                + " (16384)"), fs.get(0).text());
        assertTrue(fs.get(0).text().contains(": " + count(blocks) + " large blocks of " + bytes(chunkBytes) + ";"),
                fs.get(0).text());
        // the workload's sizes cycle through 256, 320, 384, 448, 512 KiB: four of five fall in 256-512 KiB (a
        // 512 KiB request's chunk is one page past it)
        long inClass = blocks / 5 * 4;
        long classBytes = (256 + 320 + 384 + 448) * 1024L * (blocks / 5) + inClass * PAGE;
        // allocation bytes: their share is of glibc's in-use bytes (arenas and mmapped chunks, which
        // StoredSnapshotOracleTest holds against malloc_info), never of RSS
        var g = target(read(name), o).glibc().orElseThrow();
        long inUse = g.arenas().stream().mapToLong(a -> a.inUseBytes()).sum() + g.mmapped().bytes();
        assertEquals(count(inClass) + " blocks of 256–512 KiB (" + bytes(classBytes) + ", "
                + percent(Shares.of(classBytes, inUse)) + " of glibc in-use bytes) are large allocations of "
                + count(pools) + " pools owned by hint: cycle or configuration pool (16384) (pool size 16384 (a hint,"
                + " not proof)).", fs.get(1).text());
        assertEquals(classBytes, fs.get(1).bytes());
        // the pools' share of RSS is of their resident bytes: the memset large blocks at least, never past 100%
        long resident = target(read(name), o).nginx().orElseThrow().owners().get(0).residentBytes().orElseThrow();
        assertTrue(resident >= chunkBytes && resident <= rss(o), resident + " resident, RSS " + rss(o));
        assertTrue(fs.get(0).text().contains("(resident " + bytes(resident) + ", " + ofRss(resident, o) + " of RSS)"),
                fs.get(0).text());
    }

    @Test
    void caseTwoLuaJitFreeRetained() throws IOException {
        String name = "linux6.18-x86_64-luajit2-free-retained";
        StoredOracle o = StoredOracle.read(name);
        Snapshot s = read(name);
        List<Finding> fs = FindingsEngine.withDefaultRules().analyze(s);
        assertEquals(List.of("luajit.free-retained", "rss.dominant-layer"), fs.stream().map(Finding::id).toList());
        var a = target(s, o).luajit().orElseThrow().allocator();
        // the reclaimable pages (the breakdown's LuaJIT free) are resident anonymous memory: at most what
        // smaps_rollup counts as Anonymous (StoredSnapshotOracleTest bounds the allocator's resident pages by it)
        assertTrue(a.reclaimableResidentBytes() <= o.smapsAnonymousBytes().get(o.target()));
        assertEquals(a.reclaimableResidentBytes(), fs.get(0).bytes());
        assertEquals(percent(Shares.of(a.freeBytes(), a.footprintBytes())) + " of the " + bytes(a.footprintBytes())
                + " held by the LuaJIT allocator is free but retained: " + bytes(a.reclaimableResidentBytes())
                + " of resident pages hold no live object (" + ofRss(a.reclaimableResidentBytes(), o) + " of RSS).",
                fs.get(0).text());
        // the GC heap row is collectgarbage("count") of the same stop
        long gc = o.targetGcTotalBytes().orElseThrow();
        assertTrue(fs.get(0).evidence().stream().anyMatch(r -> r.bytes() == gc), fs.get(0).evidence().toString());
        assertEquals(fs, FindingsEngine.withDefaultRules().analyze(s.processes().get(0)));
    }

    @Test
    void capturedFragmentedHeapUsesTrimmableAndFragmented() throws IOException {
        String name = "linux6.18-x86_64-glibc2.36-c-fragmented";
        StoredOracle o = StoredOracle.read(name);
        Snapshot s = read(name);
        Finding f = FindingsEngine.withDefaultRules().analyze(s).get(0);
        var a = target(s, o).glibc().orElseThrow().arenas().get(0);
        MallocInfo.Heap main = o.targetMallocInfo().heaps().get(0);
        // free: malloc_info's "rest" (bin chunks and top) and "fast", plus tcache, which malloc_info counts as in use
        assertEquals(main.restBytes() + main.fastBytes(), a.freeBytes() + a.topBytes() + a.fastbinBytes());
        long free = main.restBytes() + main.fastBytes() + a.tcacheBytes();
        assertEquals("glibc.free-resident", f.id());
        assertEquals("glibc holds " + bytes(free) + " free: " + bytes(a.freeResidentBytes()) + " in resident free pages ("
                + ofRss(a.freeResidentBytes(), o) + " of RSS), of which malloc_trim(0) could return "
                + bytes(a.trimmableBytes()) + " now; " + bytes(a.fragmentedBytes()) + " (" + ofRss(a.fragmentedBytes(), o)
                + " of RSS) is fragmented among live chunks, which no trim returns.", f.text());
        // trimmable is the RSS the fixture's own malloc_trim(0) returned after the capture (recorded with it)
        assertEquals(rss(o) - o.rssAfterTrimBytes().get(o.target()), a.trimmableBytes());
        assertEquals(a.freeResidentBytes() + a.fragmentedBytes(), f.bytes());
    }

    @Test
    void capturedPseudoLeakUsesReclaimablePages() throws IOException {
        String name = "linux6.18-x86_64-nginx1.22-openresty-luajit2-pseudo-leak";
        StoredOracle o = StoredOracle.read(name);
        Snapshot s = read(name);
        Finding f = FindingsEngine.withDefaultRules().analyze(s).get(0);
        var a = target(s, o).luajit().orElseThrow().allocator();
        assertEquals("luajit.free-retained", f.id());
        assertEquals(o.target(), f.pid());
        assertEquals(a.reclaimableResidentBytes(), f.bytes());
        assertEquals(percent(Shares.of(a.freeBytes(), a.footprintBytes())) + " of the " + bytes(a.footprintBytes())
                + " held by the LuaJIT allocator is free but retained: " + bytes(a.reclaimableResidentBytes())
                + " of resident pages hold no live object (" + ofRss(a.reclaimableResidentBytes(), o) + " of RSS).",
                f.text());
        long gc = o.targetGcTotalBytes().orElseThrow();
        assertTrue(f.evidence().stream().anyMatch(r -> r.bytes() == gc), f.evidence().toString());
    }
}
