// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.luajit;

/**
 * Array and hash parts summed over all live tables.
 *
 * @param arraySlots sum of {@code asize}
 * @param hashSlots sum of hash part sizes
 * @param arrayBytes bytes of array parts (colocated ones included)
 * @param hashBytes bytes of hash nodes
 */
public record LuaJitTableParts(long arraySlots, long hashSlots, long arrayBytes, long hashBytes) {}
