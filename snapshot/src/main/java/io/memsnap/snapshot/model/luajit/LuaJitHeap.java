// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.luajit;

import io.memsnap.snapshot.model.LayerSection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The LuaJIT section of a process snapshot: the main VM's allocator, collector counters and GC object heap.
 *
 * @param flavour {@code openresty-luajit2} or {@code luajit}
 * @param gc64 true for GC64 builds (the only layout walked)
 * @param gcTotalBytes {@code global_State.gc.total}: what {@code collectgarbage("count")} reports times 1024
 * @param gc the other collector counters
 * @param allocator the VM's internal allocator
 * @param objects live GC objects by type, in a fixed type order; bytes as charged to {@code gc.total}
 * @param objectBytes sum of {@code objects} bytes
 * @param stringTableBytes the interned-string hash table, charged to {@code gc.total} but not a GC object; what
 *     {@code gcTotalBytes} holds beyond these two is VM-internal (JIT and FFI state, buffers)
 * @param tables array and hash parts over all tables
 * @param biggestTables largest tables by bytes, descending, ties by address
 * @param biggestStrings largest strings by bytes, descending, ties by address
 * @param vms every VM found in the process; exactly one is marked main
 * @param warnings what could not be walked or verified, in plain words
 */
public record LuaJitHeap(
        String flavour,
        boolean gc64,
        long gcTotalBytes,
        LuaJitGcState gc,
        LuaJitAllocator allocator,
        List<GcObjectType> objects,
        long objectBytes,
        long stringTableBytes,
        LuaJitTableParts tables,
        List<LuaJitTable> biggestTables,
        List<LuaJitString> biggestStrings,
        List<LuaJitVm> vms,
        List<String> warnings) implements LayerSection {
    public LuaJitHeap {
        Objects.requireNonNull(flavour, "flavour");
        Objects.requireNonNull(gc, "gc");
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(tables, "tables");
        objects = List.copyOf(objects);
        biggestTables = List.copyOf(biggestTables);
        biggestStrings = List.copyOf(biggestStrings);
        vms = List.copyOf(vms);
        warnings = List.copyOf(warnings);
    }

    /**
     * A heap with only the core fields (collector counters zero, no biggest objects, no VM list): for
     * analyzer tests and hand-built snapshots.
     */
    public LuaJitHeap(String flavour, boolean gc64, long gcTotalBytes, LuaJitAllocator allocator,
            List<GcObjectType> objects, List<String> warnings) {
        this(flavour, gc64, gcTotalBytes, new LuaJitGcState(0, 0, 0, "unknown", 0, 0), allocator, objects,
                objects.stream().mapToLong(GcObjectType::bytes).sum(), 0, new LuaJitTableParts(0, 0, 0, 0),
                List.of(), List.of(), List.of(), warnings);
    }

    /** The entry for {@code type} ({@code string}, {@code table}, ...), count and bytes 0 if none. */
    public GcObjectType objectsOf(String type) {
        return objects.stream().filter(o -> o.type().equals(type)).findFirst().orElse(new GcObjectType(type, 0, 0));
    }

    /** This heap with every string preview removed (sizes and addresses stay), for reports without --show-strings. */
    public LuaJitHeap withoutStringPreviews() {
        List<LuaJitString> bare = biggestStrings.stream()
                .map(x -> new LuaJitString(x.address(), x.lengthBytes(), x.bytes(), Optional.empty())).toList();
        return new LuaJitHeap(flavour, gc64, gcTotalBytes, gc, allocator, objects, objectBytes, stringTableBytes,
                tables, biggestTables, bare, vms, warnings);
    }
}
