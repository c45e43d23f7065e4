// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

/**
 * LuaJIT's own allocator for one VM, in bytes of chunk size.
 *
 * @param footprintBytes sum of segment sizes plus directly mmapped chunks
 * @param usedBytes chunks in use
 * @param freeBytes free chunks plus top
 * @param freeResidentBytes whole pages of free memory that are still resident
 */
public record LuaJitAllocator(long footprintBytes, long usedBytes, long freeBytes, long freeResidentBytes) {}
