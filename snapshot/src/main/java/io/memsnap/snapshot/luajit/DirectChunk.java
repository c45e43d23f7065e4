// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

/**
 * A large allocation LuaJIT mmapped by itself ("direct" chunk): the mapping starts at {@code address} and is
 * {@code mappingBytes} long; the chunk proper is {@code mappingBytes - 32} bytes and user memory starts at
 * {@code address + 16}.
 */
record DirectChunk(long address, long mappingBytes) {
    long chunkBytes() {
        return mappingBytes - 32;
    }

    long userAddress() {
        return address + 16;
    }

    long end() {
        return address + mappingBytes;
    }
}
