// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.nginx;

/**
 * One slot size of an nginx slab pool ({@code ngx_slab_stat_t}).
 *
 * @param slotBytes the slot size (8 .. 2048)
 * @param total slots of this size on pages given to it
 * @param used slots in use
 * @param requests allocations requested
 * @param fails allocations that failed (no free page)
 */
public record SlabClass(long slotBytes, long total, long used, long requests, long fails) {}
