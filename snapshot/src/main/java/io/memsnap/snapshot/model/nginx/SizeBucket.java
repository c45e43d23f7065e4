// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.nginx;

/** Allocations whose size is in {@code [minBytes, maxBytes)}: how many and their bytes. */
public record SizeBucket(long minBytes, long maxBytes, long count, long bytes) {
    public SizeBucket {
        if (minBytes < 0 || maxBytes <= minBytes || count < 0 || bytes < 0) {
            throw new IllegalArgumentException("bad size bucket [" + minBytes + ", " + maxBytes + ")");
        }
    }
}
