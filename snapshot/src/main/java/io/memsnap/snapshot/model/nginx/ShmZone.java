// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.nginx;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One nginx shared-memory zone ({@code ngx_shm_zone_t}) and, when it holds one, its slab pool. The four optional
 * counts are present only for a {@code lua_shared_dict}; they are lower bounds when {@code dictComplete} is false
 * (the bounded walk of its rbtree stopped early).
 *
 * @param name the zone name
 * @param module the module that owns it (the name of the {@code ngx_module_t} its {@code tag} points to), else
 *     {@code kind}, else {@code unknown}
 * @param kind what the zone is for, from the text nginx keeps in the slab pool's {@code log_ctx}
 *     ({@code lua_shared_dict}, {@code limit_req}, {@code SSL session shared cache}, ...); empty if none
 * @param address the mapping address of the zone
 * @param sizeBytes the zone size
 * @param usedBytes slab pages in use times the page size (0 without a slab pool)
 * @param freeBytes free slab pages times the page size ({@code ngx.shared.DICT:free_space()})
 * @param residentBytes resident bytes of the zone's pages in this process
 * @param pssBytes the zone's proportional set size in this process (smaps Pss of its mapping): its resident pages,
 *     each divided by the number of processes mapping it, so the zone's PSS summed over an nginx instance counts
 *     each resident page of the zone once
 * @param slabClasses per slot size: total, used, requests, failed allocations; empty without a slab pool
 * @param keys dict entries, expired ones included (as {@code get_keys(0)} counts them)
 * @param valueBytes value bytes of all dict entries
 * @param expiredKeys entries whose expiry time has passed but are still resident (expiry is lazy)
 * @param expiredBytes slab bytes those expired entries hold
 * @param dictComplete false if the dict walk hit its bound or a torn link
 */
public record ShmZone(String name, String module, String kind, long address, long sizeBytes, long usedBytes,
        long freeBytes, long residentBytes, long pssBytes, List<SlabClass> slabClasses, Optional<Long> keys, Optional<Long> valueBytes,
        Optional<Long> expiredKeys, Optional<Long> expiredBytes, boolean dictComplete) {
    public ShmZone {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(valueBytes, "valueBytes");
        Objects.requireNonNull(expiredKeys, "expiredKeys");
        Objects.requireNonNull(expiredBytes, "expiredBytes");
        slabClasses = List.copyOf(slabClasses);
    }

    /** Failed slab allocations over all slot sizes. */
    public long failedAllocations() {
        return slabClasses.stream().mapToLong(SlabClass::fails).sum();
    }
}
