// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.model.ResidentClaim;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Result of {@link GlibcWalker#walk}.
 *
 * @param heap the glibc section, empty when the process has no glibc malloc state we can read (static binary, malloc
 *     never used, unverified glibc version); {@code warnings} then says why
 * @param claims resident bytes moved from {@code HEAP} (main heap) and {@code ANONYMOUS} (thread heaps, mmapped
 *     chunks) to {@code GLIBC_USED}, {@code GLIBC_FREE_RESIDENT} and {@code GLIBC_METADATA}; together they partition
 *     the resident pages of the memory glibc owns
 * @param warnings everything that was not exact, including every per-arena warning
 */
public record GlibcWalk(Optional<GlibcHeap> heap, List<ResidentClaim> claims, List<String> warnings) {
    public GlibcWalk {
        Objects.requireNonNull(heap, "heap");
        claims = List.copyOf(claims);
        warnings = List.copyOf(warnings);
    }

    /** A walk that found no heap, for {@code reason}. */
    static GlibcWalk absent(String reason) {
        return new GlibcWalk(Optional.empty(), List.of(), List.of(reason));
    }
}
