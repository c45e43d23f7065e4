// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model;

import java.util.Objects;

/**
 * A walker's statement that {@code bytes} resident bytes counted under the base category {@code from} belong to the
 * finer category {@code to}. The breakdown moves them (never more than {@code from} holds), so the categories still
 * sum to Rss exactly.
 */
public record ResidentClaim(Category from, Category to, long bytes) {
    public ResidentClaim {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (bytes < 0) {
            throw new IllegalArgumentException("negative claim " + bytes);
        }
    }
}
