// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.memory;

/** Little-endian decoding of target memory already copied into a byte array. Stateless. */
public final class Bytes {
    private Bytes() {}

    /** Unsigned 16-bit value at {@code off}. */
    public static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    /** Signed 32-bit value at {@code off}. */
    public static int i32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    /** Unsigned 32-bit value at {@code off}, widened to long. */
    public static long u32(byte[] b, int off) {
        return i32(b, off) & 0xffffffffL;
    }

    /** 64-bit value at {@code off}. */
    public static long i64(byte[] b, int off) {
        return (u32(b, off)) | (u32(b, off + 4) << 32);
    }
}
