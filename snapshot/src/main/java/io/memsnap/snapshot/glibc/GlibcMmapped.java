// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

/** Chunks glibc mmapped directly: how many, and their total chunk size in bytes. */
public record GlibcMmapped(long count, long bytes) {}
