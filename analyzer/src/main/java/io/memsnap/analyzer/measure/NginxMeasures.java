// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.measure;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import io.memsnap.snapshot.model.nginx.ShmZone;
import java.util.ArrayList;
import java.util.List;

/**
 * nginx as measures: all pools ({@code nginx/pools/all}, bytes with the pool count), pool bytes by owner
 * ({@code nginx/owner/<owner>}, a partition of the pools' bytes, counted in pools; also the {@code owner=} label of a
 * pprof feed), large allocations by owner ({@code nginx/owner_large/<owner>}) and shared zones in use
 * ({@code nginx/shm_zone/<name>}, used slab bytes; a lua_shared_dict counts its keys).
 */
final class NginxMeasures implements MeasureExtractor {
    static final String LAYER = "nginx";

    @Override
    public List<Measure> extract(ProcessSnapshot p) {
        if (p.nginx().isEmpty()) {
            return List.of();
        }
        NginxSection n = p.nginx().get();
        List<Measure> out = new ArrayList<>();
        out.add(Measure.counted(key("pools", "all", 0), MeasureKind.TOTAL, n.pools().bytes(), n.pools().count()));
        int i = 0;
        for (PoolOwner o : n.owners()) {
            out.add(Measure.counted(key("owner", o.owner(), i), MeasureKind.PART, o.bytes(), o.pools()));
            out.add(Measure.counted(key("owner_large", o.owner(), i), MeasureKind.TOTAL, o.largeBytes(),
                    o.largeBlocks()));
            i++;
        }
        i = 0;
        for (ShmZone z : n.shmZones()) {
            out.add(z.keys().isPresent()
                    ? Measure.counted(key("shm_zone", z.name(), i), MeasureKind.TOTAL, z.usedBytes(), z.keys().get())
                    : Measure.of(key("shm_zone", z.name(), i), MeasureKind.TOTAL, z.usedBytes()));
            i++;
        }
        return out;
    }

    private static MeasureKey key(String group, String name, long order) {
        return new MeasureKey(LAYER, group, name, order);
    }
}
