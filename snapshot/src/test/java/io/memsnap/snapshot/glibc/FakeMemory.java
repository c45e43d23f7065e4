// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.TreeMap;

/** Target memory made of byte arrays at chosen addresses, for pure decoding tests. */
final class FakeMemory implements Memory {
    private final TreeMap<Long, byte[]> ranges = new TreeMap<>();

    /** Adds a zeroed range and returns a little-endian view of it to fill in. */
    ByteBuffer add(long address, int length) {
        byte[] b = new byte[length];
        ranges.put(address, b);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        var e = ranges.floorEntry(address);
        if (e == null || address + length > e.getKey() + e.getValue().length) {
            throw new UnreadableMemoryException(address, length, "not mapped in the fake");
        }
        System.arraycopy(e.getValue(), (int) (address - e.getKey()), dst, offset, length);
    }
}
