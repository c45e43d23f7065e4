// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.luajit;

import java.util.Objects;

/** Live GC objects of one type: how many and the bytes they are charged in {@code gc.total}. */
public record GcObjectType(String type, long count, long bytes) {
    public GcObjectType {
        Objects.requireNonNull(type, "type");
    }
}
