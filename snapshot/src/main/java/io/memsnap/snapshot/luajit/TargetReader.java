// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Mapping;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads small values from the target through an LRU cache of 64 KiB blocks, so that walking millions of chunks
 * and objects costs a few thousand bulk reads. Only addresses inside readable, writable private mappings (where
 * LuaJIT's allocator puts everything) are valid. Confined to one thread.
 */
final class TargetReader {
    static final int BLOCK = 1 << 16;
    private final Memory memory;
    private final long[] starts;
    private final long[] ends;
    private final Map<Long, Block> cache;
    private Block last;
    private byte[] spare;

    private record Block(long base, int from, int to, byte[] data) {}

    TargetReader(Memory memory, List<Mapping> mappings, long cacheBytes) {
        this.memory = memory;
        List<Mapping> rw = mappings.stream().filter(m -> m.readable() && m.writable() && !m.shared()).toList();
        this.starts = rw.stream().mapToLong(Mapping::start).toArray();
        this.ends = rw.stream().mapToLong(Mapping::end).toArray();
        int maxBlocks = (int) Math.max(2, cacheBytes / BLOCK);
        this.cache = new LinkedHashMap<>(256, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Block> eldest) {
                if (size() > maxBlocks) {
                    // recycle the evicted block's buffer: a walk can churn through millions of blocks
                    if (eldest.getValue().data.length == BLOCK && eldest.getValue() != last) {
                        spare = eldest.getValue().data;
                    }
                    return true;
                }
                return false;
            }
        };
    }

    /** True if {@code [address, address + length)} lies inside one valid mapping. */
    boolean valid(long address, long length) {
        int i = mappingIndex(address);
        return i >= 0 && length >= 0 && address + length <= ends[i] && address + length >= address;
    }

    private int mappingIndex(long address) {
        int i = Arrays.binarySearch(starts, address);
        if (i < 0) {
            i = -i - 2;
        }
        return i >= 0 && address < ends[i] && address >= 0 ? i : -1;
    }

    long u64(long address) {
        Block b = block(address, 8);
        return Bytes.i64(b.data, (int) (address - b.base));
    }

    long u32(long address) {
        Block b = block(address, 4);
        return Bytes.u32(b.data, (int) (address - b.base));
    }

    int u16(long address) {
        Block b = block(address, 2);
        return Bytes.u16(b.data, (int) (address - b.base));
    }

    int u8(long address) {
        Block b = block(address, 1);
        return b.data[(int) (address - b.base)] & 0xff;
    }

    /**
     * Reads the two qwords at {@code address} without filling the cache (for scanning page starts, where a cached
     * 64 KiB block would be wasted).
     */
    long[] peekPair(long address) {
        Block b = cache.get(address & -BLOCK);
        if (b != null && address >= b.base + b.from && address + 16 <= b.base + b.to) {
            int off = (int) (address - b.base);
            return new long[] {Bytes.i64(b.data, off), Bytes.i64(b.data, off + 8)};
        }
        byte[] raw = bytes(address, 16);
        return new long[] {Bytes.i64(raw, 0), Bytes.i64(raw, 8)};
    }

    /**
     * {@link #peekPair} for many page starts at once, with one scatter read: the pairs of {@code addresses[k]} go
     * to {@code dst[16k..16k + 16)}. Returns the indexes that could not be read (outside the writable mappings or
     * unreadable); the caller re-reads those with {@link #peekPair} to get the exact failure.
     */
    BitSet peekPairs(long[] addresses, int count, byte[] dst) {
        long[] ok = new long[count];
        int[] okIndex = new int[count];
        int n = 0;
        BitSet failed = new BitSet();
        for (int k = 0; k < count; k++) {
            if (valid(addresses[k], 16)) {
                ok[n] = addresses[k];
                okIndex[n++] = k;
            } else {
                failed.set(k);
            }
        }
        byte[] got = new byte[16 * n];
        BitSet bad = memory.readEach(ok, n, 16, got);
        for (int j = 0; j < n; j++) {
            if (bad.get(j)) {
                failed.set(okIndex[j]);
            } else {
                System.arraycopy(got, 16 * j, dst, 16 * okIndex[j], 16);
            }
        }
        return failed;
    }

    /** Copies {@code length} bytes (bypassing the cache). */
    byte[] bytes(long address, int length) {
        if (!valid(address, length)) {
            throw new UnreadableMemoryException(address, length, "outside the target's writable mappings");
        }
        return memory.read(address, length);
    }

    private Block block(long address, int length) {
        Block b = last;
        if (b != null && address >= b.base + b.from && address + length <= b.base + b.to) {
            return b;
        }
        long base = address & -BLOCK;
        b = cache.get(base);
        if (b == null || address < base + b.from || address + length > base + b.to) {
            b = load(address, length, base);
        }
        last = b;
        return b;
    }

    private Block load(long address, int length, long base) {
        int i = mappingIndex(address);
        if (i < 0 || address + length > ends[i]) {
            throw new UnreadableMemoryException(address, length, "outside the target's writable mappings");
        }
        if (address + length > base + BLOCK) {
            // a value straddling two blocks (unaligned): serve it from a private one-off block
            return new Block(address, 0, length, memory.read(address, length));
        }
        int from = (int) (Math.max(base, starts[i]) - base);
        int to = (int) (Math.min(base + BLOCK, ends[i]) - base);
        byte[] data = spare != null ? spare : new byte[BLOCK];
        spare = null;
        memory.read(base + from, data, from, to - from);
        Block b = new Block(base, from, to, data);
        cache.put(base, b);
        return b;
    }
}
