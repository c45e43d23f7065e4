// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.List;
import java.util.Objects;

/**
 * The LuaJIT section of a process snapshot (the main VM).
 *
 * @param flavour {@code openresty-luajit2} or {@code luajit}
 * @param gc64 true for GC64 builds
 * @param gcTotalBytes {@code global_State.gc.total}: what {@code collectgarbage("count")} reports times 1024
 * @param allocator the VM's internal allocator
 * @param objects GC objects by type
 * @param warnings what could not be walked or verified
 */
public record LuaJitHeap(
        String flavour,
        boolean gc64,
        long gcTotalBytes,
        LuaJitAllocator allocator,
        List<GcObjectType> objects,
        List<String> warnings) {
    public LuaJitHeap {
        Objects.requireNonNull(flavour, "flavour");
        Objects.requireNonNull(allocator, "allocator");
        objects = List.copyOf(objects);
        warnings = List.copyOf(warnings);
    }
}
