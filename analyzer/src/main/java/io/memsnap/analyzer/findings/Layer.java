// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The coarse owners of resident memory that a reader reasons about first; each breakdown category has one. */
public enum Layer {
    /** glibc malloc: in use, free resident and metadata. */
    GLIBC("glibc"),
    /** LuaJIT's own allocator: in use and free resident. */
    LUAJIT("LuaJIT"),
    /** nginx shared zones. */
    NGINX_SHM("nginx shared zones"),
    /** Other shared memory. */
    SHARED_MEMORY("other shared memory"),
    /** Heap and anonymous memory no walker claimed. */
    UNATTRIBUTED("unattributed heap and anonymous"),
    /** Executable, libraries and other mapped files. */
    FILES("binary and libraries"),
    /** Thread stacks. */
    STACKS("stacks"),
    /** vdso/vvar. */
    KERNEL("vdso/vvar");

    private final String label;

    Layer(String label) {
        this.label = label;
    }

    /** Human label. */
    public String label() {
        return label;
    }

    /** The layer a breakdown category belongs to. */
    public static Layer of(Category category) {
        return switch (category) {
            case GLIBC_USED, GLIBC_FREE_RESIDENT, GLIBC_METADATA -> GLIBC;
            case LUAJIT_USED, LUAJIT_FREE_RESIDENT -> LUAJIT;
            case NGINX_SHM -> NGINX_SHM;
            case SHARED_MEMORY -> SHARED_MEMORY;
            case HEAP, ANONYMOUS -> UNATTRIBUTED;
            case BINARY_AND_LIBRARIES -> FILES;
            case STACKS -> STACKS;
            case VDSO_VVAR -> KERNEL;
        };
    }

    /** Resident bytes of every layer of {@code process}, in declaration order, zeros included. */
    public static Map<Layer, Long> bytes(ProcessSnapshot process) {
        Map<Layer, Long> out = new EnumMap<>(Layer.class);
        for (Layer l : values()) {
            out.put(l, 0L);
        }
        process.breakdown().forEach(e -> out.merge(of(e.category()), e.bytes(), Long::sum));
        return out;
    }

    /**
     * The layers of {@code bytes} ({@link #bytes}), most bytes first, then in declaration order: the one ranking the
     * findings and the reports share.
     */
    public static List<Layer> ranked(Map<Layer, Long> bytes) {
        return bytes.keySet().stream()
                .sorted(Comparator.comparing((Layer l) -> bytes.get(l)).reversed().thenComparing(Layer::ordinal))
                .toList();
    }
}
