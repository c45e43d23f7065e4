// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.memory;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A read cache in front of another {@link Memory}: reads are served from aligned 64 KiB blocks kept in a bounded
 * LRU. Allocator walkers read many small, nearby fields; one system call per block replaces thousands. A block
 * that cannot be read whole is re-read page by page, so the readable pages are still served and a read touching an
 * unreadable page fails with {@link UnreadableMemoryException} whose address is the first unreadable byte of the
 * request. Target memory is assumed not to change while cached (the target is frozen, or the snapshot is a
 * best-effort view). Not thread-safe: confined to one thread.
 */
public final class CachedMemory implements Memory {
    /** Block size in bytes. */
    public static final int BLOCK_BYTES = 64 * 1024;
    private static final int PAGE_BYTES = 4096;
    private static final int PAGES_PER_BLOCK = BLOCK_BYTES / PAGE_BYTES;

    private final Memory inner;
    private final Map<Long, Block> blocks;
    private long loads;

    /** One cached block; {@code readable} has a bit per page. */
    private record Block(byte[] data, BitSet readable) {}

    private CachedMemory(Memory inner, int maxBlocks) {
        this.inner = inner;
        this.blocks = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Block> eldest) {
                return size() > maxBlocks;
            }
        };
    }

    /** Wraps {@code inner}, keeping at most {@code maxBlocks} blocks (each {@value #BLOCK_BYTES} bytes). */
    public static CachedMemory of(Memory inner, int maxBlocks) {
        if (maxBlocks < 1) {
            throw new IllegalArgumentException("maxBlocks must be positive: " + maxBlocks);
        }
        return new CachedMemory(inner, maxBlocks);
    }

    /** Blocks read from the inner memory so far (cache misses). */
    public long blockLoads() {
        return loads;
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        int done = 0;
        while (done < length) {
            long at = address + done;
            long base = at & -BLOCK_BYTES;
            Block b = block(base);
            int from = (int) (at - base);
            int n = Math.min(length - done, BLOCK_BYTES - from);
            int bad = firstUnreadable(b, from, n);
            if (bad >= 0) {
                long badAddress = base + bad;
                throw new UnreadableMemoryException(badAddress, (int) (length - (badAddress - address)),
                        String.format(Locale.ROOT, "page 0x%x is not readable (read of %d bytes at 0x%x)",
                                badAddress & -PAGE_BYTES, length, address));
            }
            System.arraycopy(b.data(), from, dst, offset + done, n);
            done += n;
        }
    }

    /** Offset in the block of the first unreadable byte of {@code [from, from + n)}, or -1. */
    private static int firstUnreadable(Block b, int from, int n) {
        for (int page = from / PAGE_BYTES; page <= (from + n - 1) / PAGE_BYTES; page++) {
            if (!b.readable().get(page)) {
                return Math.max(from, page * PAGE_BYTES);
            }
        }
        return -1;
    }

    private Block block(long base) {
        Block b = blocks.get(base);
        if (b == null) {
            b = load(base);
            blocks.put(base, b);
        }
        return b;
    }

    private Block load(long base) {
        loads++;
        byte[] data = new byte[BLOCK_BYTES];
        BitSet readable = new BitSet(PAGES_PER_BLOCK);
        try {
            inner.read(base, data, 0, BLOCK_BYTES);
            readable.set(0, PAGES_PER_BLOCK);
        } catch (UnreadableMemoryException whole) {
            // part of the block is unmapped or protected: find out which pages still read
            for (int p = 0; p < PAGES_PER_BLOCK; p++) {
                try {
                    inner.read(base + (long) p * PAGE_BYTES, data, p * PAGE_BYTES, PAGE_BYTES);
                    readable.set(p);
                } catch (UnreadableMemoryException page) {
                    // stays unreadable; reads touching it fail precisely
                }
            }
        }
        return new Block(data, readable);
    }

    @Override
    public void close() {
        blocks.clear();
        inner.close();
    }
}
