// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.memory;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.nginx.ShmZone;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One nginx shared zone over every captured process that maps it (master and workers map each zone at the same
 * address): its resident pages counted once, as the sum of the processes' zone PSS, beside what summing their
 * resident bytes would say.
 *
 * @param name the zone name
 * @param sizeBytes the zone size
 * @param processes captured processes that map it
 * @param pssSumBytes the zone's PSS summed over them: each resident page of the zone once (pages mapped by processes
 *     outside the snapshot count only this instance's share)
 * @param rssSumBytes the zone's resident bytes summed over them: each page once per process mapping it
 */
public record SharedZoneMemory(String name, long sizeBytes, int processes, long pssSumBytes, long rssSumBytes) {
    public SharedZoneMemory {
        Objects.requireNonNull(name, "name");
    }

    /** Each zone of {@code processes} once (by name and address), in the order first seen. */
    static List<SharedZoneMemory> of(List<ProcessSnapshot> processes) {
        Map<String, SharedZoneMemory> zones = new LinkedHashMap<>();
        for (ProcessSnapshot p : processes) {
            for (ShmZone z : p.nginx().map(n -> n.shmZones()).orElse(List.of())) {
                zones.merge(z.name() + "@" + z.address(), new SharedZoneMemory(z.name(), z.sizeBytes(), 1,
                        z.pssBytes(), z.residentBytes()), (a, b) -> new SharedZoneMemory(a.name(), a.sizeBytes(),
                                a.processes() + 1, a.pssSumBytes() + b.pssSumBytes(), a.rssSumBytes()
                                        + b.rssSumBytes()));
            }
        }
        return new ArrayList<>(zones.values());
    }
}
