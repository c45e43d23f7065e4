// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.memory;

import java.util.BitSet;

/**
 * Read-only access to the address space of a target (a live process or a core file). Little-endian x86_64.
 *
 * <p>Implementations never write to the target. A read that cannot be satisfied completely throws
 * {@link UnreadableMemoryException}; callers that walk target structures catch it at the walk boundary and turn
 * it into a warning. Implementations are not thread-safe unless they say so.
 */
public interface Memory extends AutoCloseable {

    /**
     * Reads exactly {@code length} bytes at {@code address} into {@code dst[offset..]}.
     *
     * @throws UnreadableMemoryException if any byte of the range cannot be read
     */
    void read(long address, byte[] dst, int offset, int length);

    /**
     * Reads as {@link #read(long, byte[], int, int)} does and, if this memory looked at page residency to make the
     * read (a live reader asks pagemap before it reads, so as not to fault pages in), returns what it saw: bit i for
     * the i-th page from the one holding {@code address}, set exactly where {@link Residency#residentPages} would
     * have said resident at that moment. Null when this memory does not look (a copy or a core: its residency is
     * fixed, ask the image) or when what it saw would not settle the answer (a swap entry, which residency reads
     * again). For a heap walk that needs the residency of the pages it reads in bulk: one pagemap read, not two.
     *
     * @throws UnreadableMemoryException if any byte of the range cannot be read
     */
    default BitSet readSeeingResidency(long address, byte[] dst, int offset, int length) {
        read(address, dst, offset, length);
        return null;
    }

    /** Reads {@code length} bytes at {@code address} into a new array. */
    default byte[] read(long address, int length) {
        byte[] b = new byte[length];
        read(address, b, 0, length);
        return b;
    }

    /** Reads an unsigned byte. */
    default int readU8(long address) {
        byte[] b = new byte[1];
        read(address, b, 0, 1);
        return b[0] & 0xff;
    }

    /** Reads a little-endian 64-bit value (a pointer or size_t). */
    default long readLong(long address) {
        byte[] b = new byte[8];
        read(address, b, 0, 8);
        return Bytes.i64(b, 0);
    }

    /**
     * Scatter read: {@code length} bytes at each of {@code addresses[0..count)} into {@code dst[i * length..]}, for
     * scans that need a few bytes at many places (page starts) and not the pages around them. Unlike
     * {@link #read}, an unreadable range does not throw: its bit is set in the returned set (and its bytes in
     * {@code dst} are undefined). A bulk implementation must give the same bytes as one {@link #read} per address.
     */
    default BitSet readEach(long[] addresses, int count, int length, byte[] dst) {
        BitSet failed = new BitSet();
        for (int i = 0; i < count; i++) {
            try {
                read(addresses[i], dst, i * length, length);
            } catch (UnreadableMemoryException e) {
                failed.set(i);
            }
        }
        return failed;
    }

    /** Releases file descriptors and caches; never touches the target. */
    @Override
    default void close() {}
}
