// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A walker's statement that {@code bytes} resident bytes counted under the base category {@code from} belong to the
 * finer category {@code to} (and, with a {@code label}, to the named part of it, e.g. one nginx zone). The breakdown
 * moves them (never more than {@code from} holds), so the categories still sum to Rss exactly.
 */
public record ResidentClaim(Category from, Category to, long bytes, Optional<String> label) {
    public ResidentClaim {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(label, "label");
        if (bytes < 0) {
            throw new IllegalArgumentException("negative claim " + bytes);
        }
    }

    /** A claim for a whole category. */
    public ResidentClaim(Category from, Category to, long bytes) {
        this(from, to, bytes, Optional.empty());
    }
}
