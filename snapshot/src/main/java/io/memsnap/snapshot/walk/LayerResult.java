// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.walk;

import io.memsnap.snapshot.model.LayerSection;
import io.memsnap.snapshot.model.ResidentClaim;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link LayerWalker} found in one process.
 *
 * @param section the layer's section of the snapshot, empty when the process has none of this layer that memsnap can
 *     read (no glibc malloc state, no LuaJIT VM); {@code warnings} then says why
 * @param claims resident bytes moved from a base category ({@code HEAP}, {@code ANONYMOUS}) to the layer's finer
 *     categories; together they partition resident pages the layer owns, so the breakdown still sums to Rss
 * @param warnings process-level warnings in plain words (no string contents from target memory)
 * @param <S> the section type
 */
public record LayerResult<S extends LayerSection>(Optional<S> section, List<ResidentClaim> claims,
        List<String> warnings) {
    public LayerResult {
        Objects.requireNonNull(section, "section");
        claims = List.copyOf(claims);
        warnings = List.copyOf(warnings);
    }

    /** A result with nothing: the process has none of this layer, and there is nothing to say about it. */
    public static <S extends LayerSection> LayerResult<S> none() {
        return new LayerResult<>(Optional.empty(), List.of(), List.of());
    }

    /** A result with no section, for {@code reason}. */
    public static <S extends LayerSection> LayerResult<S> absent(String reason) {
        return new LayerResult<>(Optional.empty(), List.of(), List.of(reason));
    }

    /** A result with a section and its claims and warnings. */
    public static <S extends LayerSection> LayerResult<S> of(S section, List<ResidentClaim> claims,
            List<String> warnings) {
        return new LayerResult<>(Optional.of(section), claims, warnings);
    }
}
