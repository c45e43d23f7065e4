// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.model.ResidentClaim;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link LuaJitWalker#walk} found in one process.
 *
 * @param heap the main VM's section, empty if no LuaJIT VM with a recognised layout was found
 * @param claims resident bytes of all LuaJIT segments and direct chunks (every VM found) moved out of
 *     {@code ANONYMOUS}; they partition those pages, so the breakdown still sums to Rss
 * @param warnings process-level warnings (unrecognised layouts, unreadable memory); the heap has its own
 */
public record LuaJitWalkResult(Optional<LuaJitHeap> heap, List<ResidentClaim> claims, List<String> warnings) {
    public LuaJitWalkResult {
        Objects.requireNonNull(heap, "heap");
        claims = List.copyOf(claims);
        warnings = List.copyOf(warnings);
    }
}
