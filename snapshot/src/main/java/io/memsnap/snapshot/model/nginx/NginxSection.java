// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.nginx;

import io.memsnap.snapshot.model.LayerSection;
import java.util.List;
import java.util.Objects;

/**
 * What the nginx walker found in one nginx process: its memory pools by owner and its shared-memory zones.
 *
 * @param cycleAddress the current {@code ngx_cycle_t} (0 if {@code ngx_cycle} could not be read)
 * @param pools totals over all pools
 * @param owners pools grouped by owner, most bytes first (ties by owner name)
 * @param largestPools the biggest pools one by one, most bytes first (ties by address), at most a bound
 * @param shmZones the shared-memory zones of {@code cycle->shared_memory}, in list order
 * @param warnings structures that did not validate, bounds hit
 */
public record NginxSection(long cycleAddress, PoolTotals pools, List<PoolOwner> owners,
        List<NginxPool> largestPools, List<ShmZone> shmZones, List<String> warnings) implements LayerSection {
    public NginxSection {
        Objects.requireNonNull(pools, "pools");
        owners = List.copyOf(owners);
        largestPools = List.copyOf(largestPools);
        shmZones = List.copyOf(shmZones);
        warnings = List.copyOf(warnings);
    }
}
