// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import static io.memsnap.analyzer.diff.Snaps.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memsnap.analyzer.measure.MeasureKey;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitModule;
import io.memsnap.snapshot.model.luajit.LuaJitReachability;
import io.memsnap.snapshot.model.luajit.LuaJitRetainer;
import io.memsnap.snapshot.model.nginx.Evidence;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import io.memsnap.snapshot.model.nginx.PoolTotals;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The nginx and LuaJIT-retention layers get a diff through their measure extractors alone. */
class NginxAndRetainerDiffTest {

    private static ProcessSnapshot worker(long leakPools, long gcTotal, long cacheBytes) {
        return worker(leakPools, gcTotal, cacheBytes, 48 * 1024);
    }

    private static ProcessSnapshot worker(long leakPools, long gcTotal, long cacheBytes, long cycleBytes) {
        long leakBytes = leakPools * 3 * 256 * 1024;
        PoolOwner leak = new PoolOwner("ngx_http_dyups_module", Evidence.DATA_REFERENCE, "from its .bss", leakPools,
                leakPools, leakBytes, 2 * leakPools, leakBytes - leakPools * 16384, List.of());
        PoolOwner cycle = new PoolOwner("nginx: cycle", Evidence.REACHABILITY, "cycle->pool", 1, 3, cycleBytes, 0, 0,
                List.of());
        NginxSection n = new NginxSection(0x1000, new PoolTotals(leakPools + 1, leakBytes + cycleBytes, leakPools + 3,
                0, 0, 2 * leakPools, leakBytes - leakPools * 16384, 0), List.of(leak, cycle), List.of(), List.of(),
                List.of());
        LuaJitHeap lua = Snaps.luajit(gcTotal, 0).withRetention(
                List.of(new LuaJitRetainer("package.loaded[\"app.cache\"].items", Optional.empty(), "table", 0x10,
                        cacheBytes, cacheBytes / 64)),
                List.of(new LuaJitModule("app.cache", cacheBytes + 4096, cacheBytes / 64 + 3, Optional.empty())),
                LuaJitReachability.NONE);
        return Snaps.process(7, Role.WORKER, Map.of(Category.GLIBC_USED, leakBytes + 64 * MIB,
                Category.LUAJIT_USED, gcTotal), Optional.empty(), Optional.of(lua), Optional.empty()).withSection(n);
    }

    @Test
    void poolOwnersAndRetainersHaveDeltas() {
        SnapshotDiff d = new SnapshotDiffer().diff(Snaps.at("2026-11-21T00:00:00Z", worker(100, 20 * MIB, 8 * MIB)),
                Snaps.at("2026-11-21T01:00:00Z", worker(660, 60 * MIB, 48 * MIB)));
        Map<String, MeasureDelta> byPath = new java.util.HashMap<>();
        d.all().deltas().forEach(x -> byPath.put(x.key().path(), x));
        MeasureDelta owner = byPath.get("nginx/owner/ngx_http_dyups_module");
        assertEquals(560L * 3 * 256 * 1024, owner.deltaBytes());
        assertEquals(560, owner.deltaCount().getAsLong());
        assertEquals(0, byPath.get("nginx/owner/nginx: cycle").deltaBytes());
        assertEquals(661, byPath.get("nginx/pools/all").afterCount().getAsLong());
        MeasureDelta retainer = byPath.get("luajit/retainer/package.loaded[\"app.cache\"].items");
        assertEquals(40 * MIB, retainer.deltaBytes());
        assertEquals(40 * MIB, byPath.get("luajit/module/app.cache").deltaBytes());
        assertEquals(new MeasureKey("nginx", "owner", "ngx_http_dyups_module", 0), owner.key());
        assertEquals(List.of("nginx pools +420 MiB: ngx_http_dyups_module +420 MiB (+560 pools, 75.0 MiB -> 495 MiB)."),
                d.findings().stream().filter(f -> f.id().equals("nginx.pool-growth")).map(DiffFinding::text).toList());
        assertEquals(List.of(), d.findings().stream().filter(f -> f.id().equals("nginx.cycle-growth")).toList(),
                "a cycle pool that kept its size is not growth");
    }

    @Test
    void aCyclePoolThatGrewIsSaidInWords() {
        SnapshotDiff d = new SnapshotDiffer().diff(
                Snaps.at("2026-11-21T00:00:00Z", worker(100, 20 * MIB, 8 * MIB, 205 * 1024)),
                Snaps.at("2026-11-21T01:00:00Z", worker(100, 20 * MIB, 8 * MIB, 3400 * 1024)));
        assertEquals(List.of("nginx cycle pool +3.1 MiB (205 KiB -> 3.3 MiB): the configuration nginx holds grew;"
                + " every reload parses it into a new cycle pool, so a master that grows across reloads keeps what its"
                + " configuration adds."), d.findings().stream().filter(f -> f.id().startsWith("nginx."))
                        .map(DiffFinding::text).toList());
    }
}
