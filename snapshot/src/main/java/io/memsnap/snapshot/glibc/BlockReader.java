// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.Memory;

/**
 * Reads target memory through a few large aligned blocks so that walks which touch nearby addresses (a chunk walk,
 * a list in address order) cost one bulk read per block instead of one read per field. Blocks never extend past
 * {@code limit}, the end of the readable range the caller walks. Confined to one thread.
 */
final class BlockReader {
    private final Memory memory;
    private final int blockBytes;
    private final long[] starts;
    private final int[] lengths;
    private final byte[][] blocks;
    private int victim;

    BlockReader(Memory memory, int blockBytes, int blockCount) {
        this.memory = memory;
        this.blockBytes = blockBytes;
        this.starts = new long[blockCount];
        this.lengths = new int[blockCount];
        this.blocks = new byte[blockCount][];
        java.util.Arrays.fill(starts, -1);
    }

    /**
     * The 64-bit value at {@code address}; {@code limit} bounds how far a block read may go (the end of the mapping
     * holding {@code address}).
     */
    long u64(long address, long limit) {
        int slot = slotFor(address, 8, limit);
        return Bytes.i64(blocks[slot], (int) (address - starts[slot]));
    }

    private int slotFor(long address, int length, long limit) {
        for (int i = 0; i < starts.length; i++) {
            if (starts[i] != -1 && address >= starts[i] && address + length <= starts[i] + lengths[i]) {
                return i;
            }
        }
        int slot = victim;
        victim = (victim + 1) % starts.length;
        long start = address & ~(4096L - 1);
        long end = Math.min(start + blockBytes, limit);
        if (end < address + length) {
            start = address;
            end = address + length;
        }
        int n = (int) (end - start);
        if (blocks[slot] == null || blocks[slot].length < n) {
            blocks[slot] = new byte[Math.max(n, blockBytes)];
        }
        starts[slot] = -1;
        memory.read(start, blocks[slot], 0, n);
        starts[slot] = start;
        lengths[slot] = n;
        return slot;
    }
}
