// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.walk;

import java.util.Arrays;

/**
 * The glibc chunks a process holds (in use in an arena heap, or mmapped), sorted by address: what the glibc walker
 * publishes in the {@link WalkContext} for walkers of layers built on malloc (nginx pools are glibc chunks). A chunk
 * is its header address and its size with the flag bits masked; the program's pointer is {@code address + 16}.
 * Primitive arrays, 16 bytes per chunk; immutable, so thread-safe.
 */
public final class InUseChunks {
    /** Bytes between a chunk's header and the pointer malloc returned. */
    public static final long HEADER_BYTES = 16;

    private final long[] addresses;
    private final long[] sizes;
    private final int count;

    /**
     * Chunks from {@code addresses[0..count)} and {@code sizes[0..count)}; the arrays are taken over, not copied.
     *
     * @throws IllegalArgumentException if the addresses are not strictly ascending or a size is not positive
     */
    public InUseChunks(long[] addresses, long[] sizes, int count) {
        if (count < 0 || count > addresses.length || count > sizes.length) {
            throw new IllegalArgumentException("bad chunk count " + count);
        }
        for (int i = 0; i < count; i++) {
            if (sizes[i] <= 0 || i > 0 && Long.compareUnsigned(addresses[i - 1], addresses[i]) >= 0) {
                throw new IllegalArgumentException("chunks not sorted or empty at index " + i);
            }
        }
        this.addresses = addresses;
        this.sizes = sizes;
        this.count = count;
    }

    /** No chunks. */
    public static InUseChunks empty() {
        return new InUseChunks(new long[0], new long[0], 0);
    }

    /** Number of chunks. */
    public int count() {
        return count;
    }

    /** Every chunk's header address, ascending (a copy). */
    public long[] addresses() {
        return Arrays.copyOf(addresses, count);
    }

    /** Every chunk's size, in the order of {@link #addresses()} (a copy). */
    public long[] sizes() {
        return Arrays.copyOf(sizes, count);
    }

    /** Header address of chunk {@code i} (0-based, ascending). */
    public long address(int i) {
        return addresses[checked(i)];
    }

    /** Size in bytes of chunk {@code i}, header included. */
    public long size(int i) {
        return sizes[checked(i)];
    }

    /** The index of the chunk whose program pointer (header + 16) is {@code pointer}, or -1. */
    public int indexOfPointer(long pointer) {
        int i = Arrays.binarySearch(addresses, 0, count, pointer - HEADER_BYTES);
        return i >= 0 ? i : -1;
    }

    /** The index of the chunk whose bytes {@code [address, address + size)} contain {@code address}, or -1. */
    public int indexContaining(long address) {
        int i = Arrays.binarySearch(addresses, 0, count, address);
        if (i >= 0) {
            return i;
        }
        int before = -i - 2;
        return before >= 0 && address - addresses[before] < sizes[before] ? before : -1;
    }

    /** Sum of all chunk sizes. */
    public long totalBytes() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += sizes[i];
        }
        return n;
    }

    private int checked(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException(i);
        }
        return i;
    }
}
