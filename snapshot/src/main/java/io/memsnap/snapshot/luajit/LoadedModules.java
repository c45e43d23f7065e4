// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.model.luajit.LuaJitModule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Lists {@code package.loaded}: each module's name, what its value retains, and its source file, taken from the
 * chunk name of a Lua function the module holds (the module's own function, or one among the first
 * {@link #MAX_SCAN} slots of its table, preferring a file named like the module). Reads through the {@link
 * TargetReader}; confined to its thread.
 */
final class LoadedModules {
    private static final int MAX_SCAN = 4096;
    /** Modules read at most (the first nodes of a bigger {@code package.loaded}). */
    private static final int MAX_MODULES = 1 << 20;

    private final TargetReader reader;
    private final LuaWords words;

    LoadedModules(TargetReader reader, LuaWords words) {
        this.reader = reader;
        this.words = words;
    }

    /** The modules of the {@code package.loaded} table at {@code loaded}, by retained bytes, then name. */
    List<LuaJitModule> list(long loaded, ObjectGraph graph, Dominators.Tree tree, RetainedSizes sizes) {
        List<LuaJitModule> out = new ArrayList<>();
        References.hashPart(reader, loaded, MAX_MODULES, (n, key, value) -> {
            if (!References.isString(key) || value == -1L) {
                return true; // not a string key, or a free node (nil value)
            }
            String name = words.key(key, true);
            name = name.startsWith("[\"") ? name.substring(2, name.length() - 2)
                    : name.startsWith(".") ? name.substring(1) : name;
            long target = References.gcValue(value);
            int idx = target != 0 ? graph.indexOf(target) : -1;
            int p = idx >= 0 ? tree.position()[idx] : -1;
            long bytes = p >= 0 ? sizes.bytes()[p] : 0;
            long objects = p >= 0 ? sizes.objects()[p] : 0;
            Optional<String> source = idx >= 0 ? source(graph.type(idx), target, name) : Optional.empty();
            out.add(new LuaJitModule(name, bytes, objects, source));
            return true;
        });
        out.sort(Comparator.comparingLong(LuaJitModule::retainedBytes).reversed().thenComparing(LuaJitModule::name));
        return out;
    }

    /**
     * The chunk name of the module's function, or of a Lua function in its table: the first whose file matches
     * the module name ({@code resty.foo} in {@code .../resty/foo.lua} or {@code .../resty/foo/init.lua}), else the
     * first found.
     */
    private Optional<String> source(int gct, long o, String module) {
        if (gct == 8) {
            return luaSource(o);
        }
        if (gct != 11) {
            return Optional.empty();
        }
        List<Long> values = new ArrayList<>();
        long asize = Math.min(reader.u32(o + References.TAB_ASIZE), MAX_SCAN);
        long array = reader.u64(o + References.TAB_ARRAY);
        if (asize > 0 && reader.valid(array, asize * 8)) {
            for (long k = 0; k < asize; k++) {
                values.add(reader.u64(array + 8 * k));
            }
        }
        References.hashPart(reader, o, MAX_SCAN, (n, key, value) -> values.add(value));
        String file = "/" + module.replace('.', '/');
        Optional<String> first = Optional.empty();
        for (long v : values) {
            Optional<String> s = ~(int) (v >> 47) == 8 ? luaSource(v & References.ADDRESS_MASK) : Optional.empty();
            if (s.isPresent() && (s.get().endsWith(file + ".lua") || s.get().endsWith(file + "/init.lua"))) {
                return s;
            }
            first = first.isPresent() ? first : s;
        }
        return first;
    }

    private Optional<String> luaSource(long f) {
        if (reader.u8(f + References.FUNC_FFID) != 0) {
            return Optional.empty();
        }
        String name = words.chunkName(reader.u64(f + References.FUNC_PC) - References.PROTO_BYTES);
        return name.startsWith("@") || name.startsWith("=") ? Optional.of(name) : Optional.empty();
    }
}
