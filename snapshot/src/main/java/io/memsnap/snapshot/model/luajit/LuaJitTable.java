// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.luajit;

/**
 * One Lua table, as listed among the biggest.
 *
 * @param address the GCtab in the target
 * @param arraySlots array part size ({@code asize})
 * @param hashSlots hash part size ({@code hmask + 1}, 0 without a hash part)
 * @param bytes bytes charged to {@code gc.total}: header, array part and hash nodes
 */
public record LuaJitTable(long address, long arraySlots, long hashSlots, long bytes) {}
