// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.model.glibc.SizeClass;

/** How glibc holds a chunk. The order is the column order of {@link SizeClass}. */
enum ChunkKind {
    USED,
    FREE,
    TCACHE,
    FASTBIN,
    MMAPPED
}
