// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.memsnap.snapshot.codec.SnapshotCodec;
import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.HostInfo;
import io.memsnap.snapshot.model.ProcStatus;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.model.nginx.Evidence;
import io.memsnap.snapshot.model.nginx.NginxPool;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import io.memsnap.snapshot.model.nginx.PoolTotals;
import io.memsnap.snapshot.model.nginx.ShmZone;
import io.memsnap.snapshot.model.nginx.SizeBucket;
import io.memsnap.snapshot.model.nginx.SlabClass;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The nginx section in a snapshot file: round trip, and the JSON keys issue 10 promises users' scripts. */
class NginxSectionJsonTest {
    static NginxSection sample() {
        NginxPool pool = new NginxPool(0x5555_0000_0110L, 16384, 7, 7 * 16400 + 4 * 327696, 100_000, 12_000, 4,
                4 * 327696, List.of("ngx_http_memsnap_leak_module.so+0x1619"), "ngx_http_memsnap_leak_module",
                Evidence.DATA_REFERENCE, "referenced from the .bss of ngx_http_memsnap_leak_module.so");
        PoolOwner owner = new PoolOwner("ngx_http_memsnap_leak_module", Evidence.DATA_REFERENCE, pool.detail(), 1, 7,
                pool.bytes(), 4, 4 * 327696, List.of(new SizeBucket(262144, 524288, 4, 4 * 327696)),
                Optional.of(4 * 327696L + 7 * 4096L));
        ShmZone dict = new ShmZone("memsnap_fixture", "ngx_http_lua_module", "lua_shared_dict", 0x7f00_0000_0000L,
                8 << 20, 4 << 20, 4 << 20, 2 << 20, 1 << 20, List.of(new SlabClass(512, 1000, 900, 5000, 3)), Optional.of(900L),
                Optional.of(180_000L), Optional.of(100L), Optional.of(28_100L), true);
        ShmZone plain = new ShmZone("one", "unknown", "", 0x7f00_1000_0000L, 1 << 20, 0, 0, 4096, 2048, List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true);
        return new NginxSection(0x5555_0000_4050L, new PoolTotals(1, pool.bytes(), 7, 100_000, 12_000, 4,
                4 * 327696, 0, owner.residentBytes()), List.of(owner), List.of(pool), List.of(dict, plain), List.of());
    }

    static Snapshot snapshot() {
        ProcessSnapshot p = new ProcessSnapshot(42, 1, Role.WORKER, "nginx", "nginx: worker process",
                "/usr/sbin/nginx", 4096, new ProcStatus(1 << 20, 4096, 30000, 4096, 0, 0, 0, 1), Optional.empty(),
                Optional.empty(), List.of(), List.of(new BreakdownEntry(Category.NGINX_SHM, 4096)), Optional.empty(),
                Optional.empty(), Optional.of(sample()), List.of());
        return new Snapshot(Snapshot.FORMAT, "2026-11-29T11:00:00Z", "pid 42", new HostInfo("6.1.0", 4096, "0.1.0"),
                List.of(p));
    }

    @Test
    void roundTripIsEqual() throws IOException {
        SnapshotCodec codec = SnapshotCodec.create();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(snapshot(), out);
        assertEquals(snapshot(), codec.read(new ByteArrayInputStream(out.toByteArray()), "memory"));
    }

    @Test
    void keysAreTheOnesTheIssuePromises() {
        JsonNode nginx = SnapshotCodec.create().toTree(snapshot()).get("processes").get(0).get("nginx");
        assertEquals(List.of("cycle_address", "pools", "owners", "largest_pools", "shm_zones", "warnings"),
                names(nginx));
        assertEquals(List.of("count", "bytes", "blocks", "used_bytes", "unused_bytes", "large_blocks", "large_bytes",
                "rejected", "resident_bytes"), names(nginx.get("pools")));
        assertEquals(List.of("owner", "evidence", "detail", "pools", "blocks", "bytes", "large_blocks", "large_bytes",
                "large_histogram", "resident_bytes"), names(nginx.get("owners").get(0)));
        assertEquals("data_reference", nginx.get("owners").get(0).get("evidence").asText());
        assertEquals(List.of("name", "module", "kind", "address", "size_bytes", "used_bytes", "free_bytes",
                "resident_bytes", "pss_bytes", "slab_classes", "keys", "value_bytes", "expired_keys", "expired_bytes",
                "dict_complete"), names(nginx.get("shm_zones").get(0)));
        assertEquals(List.of("name", "module", "kind", "address", "size_bytes", "used_bytes", "free_bytes",
                "resident_bytes", "pss_bytes", "slab_classes", "dict_complete"), names(nginx.get("shm_zones").get(1)));
    }

    @Test
    void fileWithoutResidentBytesStillLoads() throws IOException {
        SnapshotCodec codec = SnapshotCodec.create();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(snapshot(), out);
        String json = out.toString(StandardCharsets.UTF_8);
        // a snapshot written before resident_bytes existed: the same file without the two keys
        String old = json.replaceAll(",\\s*\"resident_bytes\"\\s*:\\s*1339456", "");
        assertTrue(json.length() - old.length() >= 2 * "\"resident_bytes\":1339456".length(), old);
        NginxSection n = codec.read(new ByteArrayInputStream(old.getBytes(StandardCharsets.UTF_8)), "old").processes()
                .get(0).nginx().orElseThrow();
        assertEquals(Optional.empty(), n.pools().residentBytes());
        assertEquals(Optional.empty(), n.owners().get(0).residentBytes());
        assertEquals(sample().pools().bytes(), n.pools().bytes());
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
