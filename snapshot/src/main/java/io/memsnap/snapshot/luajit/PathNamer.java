// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the shortest path from a GC root to an object in Lua words: {@code package.loaded["app.cache"].items},
 * {@code _G.handler → upvalue "cache" of function @/x.lua:42}, {@code getmetatable(_G.obj)},
 * {@code _G.co → coroutine: local slot 3 of function @/x.lua:10}. Each step re-reads the parent object to find
 * the slot that holds the child (only a few paths are named, so nothing per edge is stored). Confined to the
 * reader's thread.
 */
final class PathNamer {
    private static final int MAX_STEPS = 64;
    /** The itype of a light userdata TValue (LJ_TLIGHTUD, GC64). */
    private static final int LIGHTUD = -4;

    private final TargetReader reader;
    private final ObjectGraph graph;
    private final int[] parents;
    private final Map<Integer, String> rootNames = new HashMap<>();
    private final int loaded;
    private final LuaWords words;
    private final References refs;
    private final ThreadFrames frames;
    private final RegistryRoles roles;
    /** The graph index of the registry, -1 if not a root. */
    private final int registry;

    PathNamer(TargetReader reader, ObjectGraph graph, int[] parents, GraphRoots roots, LuaWords words,
            RegistryRoles roles) {
        this.roles = roles;
        this.reader = reader;
        this.graph = graph;
        this.parents = parents;
        this.loaded = roots.loaded();
        this.words = words;
        this.refs = new References(reader);
        this.frames = new ThreadFrames(reader, words);
        for (int k = roots.indexes().length - 1; k >= 0; k--) {
            rootNames.put(roots.indexes()[k], roots.names().get(k)); // the earliest name wins
        }
        int reg = roots.names().indexOf("registry");
        this.registry = reg >= 0 ? roots.indexes()[reg] : -1;
    }

    /** The path of object {@code i}; "unreachable" if no root reaches it. */
    String path(int i) {
        if (parents[i] == ShortestPaths.UNREACHED) {
            return "unreachable";
        }
        List<Integer> chain = new ArrayList<>();
        for (int v = i; v >= 0 && chain.size() < 100_000; v = parents[v]) {
            chain.add(v);
        }
        int root = chain.get(chain.size() - 1);
        String text = rootNames.getOrDefault(root, "root");
        int from = chain.size() - 1;
        if (chain.size() - 1 > MAX_STEPS) {
            text += " → ... (" + (chain.size() - 1 - MAX_STEPS) + " steps)";
            from = MAX_STEPS;
        }
        for (int k = from; k > 0; k--) {
            try {
                text = step(text, chain.get(k), chain.get(k - 1));
            } catch (UnreadableMemoryException e) {
                text += " → ?";
            }
        }
        return text;
    }

    /** {@code text} (the parent's path) extended by the reference from {@code parent} to {@code child}. */
    private String step(String text, int parent, int child) {
        long target = graph.address(child);
        long p = graph.address(parent);
        References.Kind[] kind = {null};
        long[] detail = {0};
        refs.visit(graph.type(parent), p, (t, k, d) -> {
            if (kind[0] == null && t == target) {
                kind[0] = k;
                detail[0] = d;
            }
        });
        if (kind[0] == null) {
            return text + " → ?";
        }
        return switch (kind[0]) {
            case ARRAY -> text + "[" + detail[0] + "]";
            case HASH_VALUE -> parent == registry ? registryEntry(text, reader.u64(detail[0] + 8))
                    : text + words.key(reader.u64(detail[0] + 8), parent == loaded);
            case HASH_KEY -> text + "[" + LuaWords.typeName(graph.type(child)) + " as key]";
            case METATABLE -> "getmetatable(" + text + ")";
            case ENV -> "getfenv(" + text + ")";
            case PROTO -> text + " → prototype";
            case UPVALUE -> text + " → " + upvalue(p, (int) detail[0]);
            case C_UPVALUE -> text + " → upvalue " + (detail[0] + 1) + " of " + words.function(p);
            case CONSTANT -> text + " → constant";
            case CHUNKNAME -> text + " → chunk name";
            case VALUE -> text;
            case STACK -> text + " → " + frames.slot(p, detail[0], p == mainThread());
            case TRACE -> text + " → start prototype";
        };
    }

    /** An entry of the registry: ngx_lua's tables by their role, anything else by its key. */
    private String registryEntry(String text, long key) {
        if ((int) (key >> 47) == LIGHTUD) {
            Optional<String> role = roles.ofLightUserdata(key);
            if (role.isPresent()) {
                return role.get();
            }
        }
        String name = words.key(key, false);
        return name.equals("." + RegistryRoles.CTX_TABLES_KEY) ? RegistryRoles.CTX_TABLES : text + name;
    }

    private long mainThread() {
        for (Map.Entry<Integer, String> e : rootNames.entrySet()) {
            if (e.getValue().equals("main thread")) {
                return graph.address(e.getKey());
            }
        }
        return 0;
    }

    private String upvalue(long f, int i) {
        String name = words.upvalueName(f, i);
        return "upvalue " + (name != null ? "\"" + name + "\"" : "#" + (i + 1)) + " of " + words.function(f);
    }
}
