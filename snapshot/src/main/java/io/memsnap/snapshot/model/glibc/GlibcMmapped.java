// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.glibc;

/**
 * Chunks glibc mmapped directly, found by scanning anonymous mappings and checked against {@code mp_.n_mmaps}
 * and {@code mp_.mmapped_mem}.
 *
 * @param count number of mmapped chunks found
 * @param bytes their total chunk size in bytes
 * @param residentBytes resident bytes of their pages
 */
public record GlibcMmapped(long count, long bytes, long residentBytes) {}
