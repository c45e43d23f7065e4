// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where resident bytes sit. The base categories partition every mapping's Rss; walkers of allocator layers
 * refine a base category (mostly {@link #HEAP} and {@link #ANONYMOUS}) into the finer ones below it. Serialized
 * as snake_case.
 */
public enum Category {
    /** File-backed mappings: the executable, shared libraries, other mapped files. */
    BINARY_AND_LIBRARIES("binary and libraries"),
    /** The brk heap, {@code [heap]}, not yet attributed to an allocator. */
    HEAP("[heap] (unattributed)"),
    /** Private anonymous mappings not yet attributed to an allocator. */
    ANONYMOUS("other anonymous"),
    /** Thread stacks and {@code [stack]}. */
    STACKS("stacks"),
    /** SysV shm, shared anonymous ({@code /dev/zero}), memfd and other shared mappings without a file. */
    SHARED_MEMORY("shared memory"),
    /** {@code [vdso]}, {@code [vvar]}, {@code [vsyscall]}. */
    VDSO_VVAR("vdso/vvar"),
    /** glibc chunks in use by the program (tcache/fastbin chunks excluded). */
    GLIBC_USED("glibc in use"),
    /** Resident pages glibc holds that contain no in-use chunk (free chunks, top, tcache, fastbins). */
    GLIBC_FREE_RESIDENT("glibc free, resident"),
    /** glibc bookkeeping: arena headers, heap_info, chunk headers of free memory. */
    GLIBC_METADATA("glibc metadata"),
    /** LuaJIT allocator chunks in use. */
    LUAJIT_USED("LuaJIT in use"),
    /** Resident LuaJIT allocator pages that hold no in-use chunk. */
    LUAJIT_FREE_RESIDENT("LuaJIT free, resident"),
    /** nginx shared memory zones (lua_shared_dict, limit_req, upstream zones). */
    NGINX_SHM("nginx shared zones");

    private final String label;

    Category(String label) {
        this.label = label;
    }

    /** Human label for reports. */
    public String label() {
        return label;
    }

    /** The JSON name. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
