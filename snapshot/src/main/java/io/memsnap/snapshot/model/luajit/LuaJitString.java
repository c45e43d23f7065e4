// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.luajit;

import java.util.Objects;
import java.util.Optional;

/**
 * One interned Lua string, as listed among the biggest.
 *
 * @param address the GCstr in the target
 * @param lengthBytes string length
 * @param bytes bytes charged to {@code gc.total}
 * @param preview the first bytes of the contents (non-printable bytes escaped), only when explicitly asked for
 */
public record LuaJitString(long address, long lengthBytes, long bytes, Optional<String> preview) {
    public LuaJitString {
        Objects.requireNonNull(preview, "preview");
    }
}
