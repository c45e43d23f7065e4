// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Snapshots written before the LuaJIT object graph existed have no {@code retainers}, {@code modules} or
 * {@code reachability} in {@code processes[].luajit}: they read as "no graph" (empty lists, zero totals) instead of
 * failing. Only these three keys are filled; every other key stays required.
 */
final class LuaJitGraphDefaults {
    private LuaJitGraphDefaults() {}

    static void fill(JsonNode snapshot) {
        JsonNode processes = snapshot.get("processes");
        if (processes == null || !processes.isArray()) {
            return;
        }
        for (JsonNode p : processes) {
            JsonNode l = p.get("luajit");
            if (l instanceof ObjectNode luajit) {
                if (!luajit.has("retainers")) {
                    luajit.putArray("retainers");
                }
                if (!luajit.has("modules")) {
                    luajit.putArray("modules");
                }
                if (!luajit.has("reachability")) {
                    ObjectNode r = luajit.putObject("reachability");
                    for (String k : new String[] {"reachable_objects", "reachable_bytes", "unreachable_objects",
                        "unreachable_bytes", "edges"}) {
                        r.put(k, 0);
                    }
                    r.putArray("tree");
                }
            }
        }
    }
}
