// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model.glibc;

/**
 * One exact chunk size and how often it occurs.
 *
 * @param sizeBytes chunk size in bytes (header included; the program asked for up to {@code sizeBytes - 8})
 * @param count number of chunks of that size
 * @param bytes {@code count * sizeBytes}
 */
public record CommonSize(long sizeBytes, long count, long bytes) {}
