// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model;

import java.util.Objects;
import java.util.Optional;

/**
 * Resident bytes of one category, or of one named part of it: {@code label} names an nginx shared zone inside
 * {@link Category#NGINX_SHM}, so each zone is its own entry; absent for every other entry.
 */
public record BreakdownEntry(Category category, long bytes, Optional<String> label) {
    public BreakdownEntry {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(label, "label");
        if (bytes < 0) {
            throw new IllegalArgumentException("negative bytes for " + category + ": " + bytes);
        }
    }

    /** Bytes of a whole category. */
    public BreakdownEntry(Category category, long bytes) {
        this(category, bytes, Optional.empty());
    }

    /** The category's label, with the part's name after a colon when there is one. */
    public String displayName() {
        return label.map(l -> category.label() + ": " + l).orElse(category.label());
    }
}
