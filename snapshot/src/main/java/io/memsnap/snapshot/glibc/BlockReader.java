// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.Memory;

/**
 * Reads target memory through a few large aligned blocks so that walks which touch nearby addresses (a chunk walk,
 * a list in address order) cost one bulk read per block instead of one read per field. Blocks never extend past
 * the readable range the caller walks ({@code [floor, limit)}). A forward reader starts each block at the address
 * it needs (a chunk walk goes up); a centred one puts the address in the middle of the block, because free lists
 * are often in descending address order (LIFO of chunks freed in address order). Confined to one thread.
 */
final class BlockReader {
    private final Memory memory;
    private final int blockBytes;
    private final long[] starts;
    private final int[] lengths;
    private final byte[][] blocks;
    private final boolean centred;
    private int victim;

    BlockReader(Memory memory, int blockBytes, int blockCount, boolean centred) {
        this.memory = memory;
        this.centred = centred;
        this.blockBytes = blockBytes;
        this.starts = new long[blockCount];
        this.lengths = new int[blockCount];
        this.blocks = new byte[blockCount][];
        java.util.Arrays.fill(starts, -1);
    }

    /** The 64-bit value at {@code address}, which lies in the readable range {@code [floor, limit)}. */
    long u64(long address, long floor, long limit) {
        int slot = slotFor(address, 8, floor, limit);
        return Bytes.i64(blocks[slot], (int) (address - starts[slot]));
    }

    /** The 64-bit value at {@code address} inside heap region {@code r}. */
    long u64(long address, HeapRegion r) {
        return u64(address, r.start, r.end);
    }

    private int slotFor(long address, int length, long floor, long limit) {
        for (int i = 0; i < starts.length; i++) {
            if (starts[i] != -1 && address >= starts[i] && address + length <= starts[i] + lengths[i]) {
                return i;
            }
        }
        int slot = victim;
        victim = (victim + 1) % starts.length;
        long start = Math.max(Math.min(floor, address), (centred ? address - blockBytes / 2 : address) & ~(4096L - 1));
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
