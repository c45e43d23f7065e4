// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.luajit;

import java.util.Objects;
import java.util.Optional;

/**
 * An object that keeps much of the GC heap alive: everything it dominates (reachable from the roots only through
 * it) would be freed with it.
 *
 * @param path the shortest path from a GC root, written as Lua code reads ({@code package.loaded["app"].cache});
 *     string keys that are not identifiers are shown as {@code [string key, N bytes]}
 * @param pathWithStrings the same path with every string key's contents, only when captured with string
 *     contents allowed ({@code --show-strings}); reports drop it otherwise
 * @param type the object's GC type ({@code table}, {@code function}, ...)
 * @param address the object in the target
 * @param retainedBytes bytes (as charged to {@code gc.total}) of the object and everything it dominates
 * @param objects number of objects it dominates, itself included
 */
public record LuaJitRetainer(String path, Optional<String> pathWithStrings, String type, long address,
        long retainedBytes, long objects) {
    public LuaJitRetainer {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(pathWithStrings, "pathWithStrings");
        Objects.requireNonNull(type, "type");
    }

    /** The path to show: with string contents only if they were captured and may be shown. */
    public String shownPath() {
        return pathWithStrings.orElse(path);
    }

    /** This retainer without string contents. */
    public LuaJitRetainer withoutStrings() {
        return new LuaJitRetainer(path, Optional.empty(), type, address, retainedBytes, objects);
    }
}
