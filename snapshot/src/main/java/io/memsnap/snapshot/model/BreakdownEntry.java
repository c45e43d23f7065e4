// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model;

import java.util.Objects;

/** Resident bytes of one category. */
public record BreakdownEntry(Category category, long bytes) {
    public BreakdownEntry {
        Objects.requireNonNull(category, "category");
        if (bytes < 0) {
            throw new IllegalArgumentException("negative bytes for " + category + ": " + bytes);
        }
    }
}
