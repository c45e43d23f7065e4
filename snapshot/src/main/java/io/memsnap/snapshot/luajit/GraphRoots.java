// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The GC roots of one VM, in the order paths prefer them: {@code _G} (the main thread's environment),
 * {@code package.loaded} (the registry's {@code _LOADED}), the registry (which also holds ngx_lua's tables under
 * light-userdata keys), the main thread, the running coroutine, the VM's fixed roots (metamethod names, base
 * metatables, default io files), the FFI finalizer table, userdata queued for finalization, JIT traces
 * (anchored in the JIT state) and fixed strings (reserved words, never freed). The same roots the collector marks first
 * (lj_gc.c gc_mark_start).
 *
 * @param names what each root is called in a path
 * @param indexes the graph index of each root, parallel to {@code names}
 * @param loaded the graph index of {@code package.loaded}, -1 if not found
 */
record GraphRoots(List<String> names, int[] indexes, int loaded) {
    private static final int G_REGISTRY = 272;
    private static final int G_CUR_L = 368;
    private static final int G_GCROOT = 424;
    private static final int GCROOTS = 38;
    /** GCROOT_BASEMT: the first base-metatable slot after the 22 metamethod names. */
    private static final int BASEMT = 22;
    private static final int CTS_FINALIZER = 32;
    private static final int MAX_FINALIZER_QUEUE = 1 << 20;

    /**
     * Finds the roots of {@code vm} among the objects of {@code graph}; unreadable ones are left out.
     * {@code fixedStrings} are the strings the walk found marked FIXED (reserved words, referenced by no root).
     */
    static GraphRoots find(TargetReader reader, VmCandidate vm, ObjectGraph graph, long[] fixedStrings,
            List<String> warnings) {
        List<String> names = new ArrayList<>();
        int[] idx = new int[64];
        int[] n = {0};
        long g = vm.global();
        int loaded = -1;
        try {
            long registry = References.gcValue(reader.u64(g + G_REGISTRY));
            add(graph, names, idx, n, "_G", reader.u64(vm.state() + References.TH_ENV));
            long loadedTable = registry != 0 ? field(reader, registry, "_LOADED") : 0;
            loaded = graph.indexOf(loadedTable);
            add(graph, names, idx, n, "package.loaded", loadedTable);
            add(graph, names, idx, n, "registry", registry);
            add(graph, names, idx, n, "main thread", vm.state());
            long cur = reader.u64(g + G_CUR_L);
            if (cur != vm.state()) {
                add(graph, names, idx, n, "running coroutine", cur);
            }
            for (int i = 0; i < GCROOTS; i++) {
                String name = i < BASEMT ? "metamethod name" : i < GCROOTS - 2 ? "base metatable" : "default io file";
                idx = grow(idx, n[0]);
                add(graph, names, idx, n, name, reader.u64(g + G_GCROOT + 8L * i));
            }
            long cts = reader.u64(g + VmLayout.G_CTYPE_STATE);
            if (cts != 0 && reader.valid(cts, 48)) {
                add(graph, names, idx, n, "ffi finalizers", reader.u64(cts + CTS_FINALIZER));
            }
            idx = finalizerQueue(reader, g, graph, names, idx, n);
        } catch (UnreadableMemoryException e) {
            warnings.add("LuaJIT GC roots partly unreadable, paths and retained sizes are incomplete: "
                    + e.getMessage());
        }
        for (int i = 0; i < graph.size(); i++) {
            if (graph.type(i) == 9) {
                idx = grow(idx, n[0]);
                names.add("JIT trace");
                idx[n[0]++] = i;
            }
        }
        for (long s : fixedStrings) {
            idx = grow(idx, n[0]);
            add(graph, names, idx, n, "fixed string", s);
        }
        return new GraphRoots(List.copyOf(names), Arrays.copyOf(idx, n[0]), loaded);
    }

    private static int[] finalizerQueue(TargetReader reader, long g, ObjectGraph graph, List<String> names,
            int[] idx, int[] n) {
        long last = reader.u64(g + VmLayout.G_GC_MMUDATA);
        long o = last != 0 ? reader.u64(last) : 0;
        for (int k = 0; o != 0 && k < MAX_FINALIZER_QUEUE; k++) {
            idx = grow(idx, n[0]);
            add(graph, names, idx, n, "finalizer queue", o);
            if (o == last) {
                break;
            }
            o = reader.u64(o);
        }
        return idx;
    }

    private static int[] grow(int[] a, int used) {
        return used < a.length ? a : Arrays.copyOf(a, a.length * 2);
    }

    private static void add(ObjectGraph graph, List<String> names, int[] idx, int[] n, String name, long address) {
        int i = address != 0 ? graph.indexOf(address & References.ADDRESS_MASK) : -1;
        if (i >= 0) {
            names.add(name);
            idx[n[0]++] = i;
        }
    }

    /** The object stored under the string key {@code key} in the hash part of {@code table}, 0 if none. */
    static long field(TargetReader reader, long table, String key) {
        byte[] want = key.getBytes(StandardCharsets.US_ASCII);
        long[] found = {0};
        References.hashPart(reader, table, Long.MAX_VALUE, (node, k, v) -> {
            if (References.isString(k)) {
                long s = k & References.ADDRESS_MASK;
                if (reader.u32(s + 20) == want.length && Arrays.equals(reader.bytes(s + 24, want.length), want)) {
                    found[0] = References.gcValue(v);
                    return false;
                }
            }
            return true;
        });
        return found[0];
    }
}
