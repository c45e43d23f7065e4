// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.trace;

/** What a traced stack allocated: malloc-family blocks or nginx pools. */
public enum LeakKind {
    /** {@code malloc}, {@code calloc}, {@code realloc}, {@code memalign}, {@code aligned_alloc} blocks. */
    MALLOC,
    /** nginx pools from {@code ngx_create_pool}. */
    POOL
}
