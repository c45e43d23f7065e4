// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.luajit;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code package.loaded}: a loaded Lua module.
 *
 * @param name the module name, the key in {@code package.loaded} (shown when it looks like a module name,
 *     otherwise {@code [string key, N bytes]})
 * @param retainedBytes bytes the module's value dominates (0 for a module whose value is not an object)
 * @param objects objects the module's value dominates, itself included
 * @param source the chunk name of a Lua function the module holds ({@code @/path/mod.lua}); absent for modules
 *     written in C or built in
 */
public record LuaJitModule(String name, long retainedBytes, long objects, Optional<String> source) {
    public LuaJitModule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }
}
