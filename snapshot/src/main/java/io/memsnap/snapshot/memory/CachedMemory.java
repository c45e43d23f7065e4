// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.memory;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one random-access read cache in front of a target's {@link Memory}: reads are served from aligned 64 KiB
 * blocks kept in a bounded LRU. Allocator walkers read many small, nearby fields; one system call per block
 * replaces thousands. Walkers that parse millions of values read the blocks themselves ({@link #blockAt}) instead
 * of keeping a cache of their own. A block
 * that cannot be read whole is re-read page by page, so the readable pages are still served and a read touching an
 * unreadable page fails with {@link UnreadableMemoryException} whose address is the first unreadable byte of the
 * request. Target memory is assumed not to change while cached (the target is frozen, or the snapshot is a
 * best-effort view). Reads of {@value #BYPASS_BYTES} bytes or more bypass the cache (unless they fail). Thread-safe
 * if the inner memory is: the cache is guarded by this object's lock, which bulk reads do not take, so a second
 * thread reading ahead in bulk does not wait for the walker's small reads.
 */
public final class CachedMemory implements Memory {
    /** Block size in bytes. */
    public static final int BLOCK_BYTES = 64 * 1024;
    private static final int PAGE_BYTES = 4096;
    private static final int PAGES_PER_BLOCK = BLOCK_BYTES / PAGE_BYTES;
    /** Reads of at least this many bytes go straight to the inner memory. */
    private static final int BYPASS_BYTES = 4 * BLOCK_BYTES;

    private final Memory inner;
    private final Map<Long, Block> blocks;
    private long loads;

    /**
     * One cached block of target memory at {@code base}; {@code readable} has a bit per page. Never changed once
     * loaded, so a reader may keep parsing it after it left the cache.
     *
     * @param base first address, a multiple of {@value #BLOCK_BYTES}
     * @param data the block's bytes (those of unreadable pages are zeros)
     * @param readable bit i set if page i of the block was read
     * @param whole true if every page was read
     */
    public record Block(long base, byte[] data, BitSet readable, boolean whole) {}

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
    public synchronized long blockLoads() {
        return loads;
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        if (length >= BYPASS_BYTES) {
            try {
                // a bulk read (a heap walk's block) would only churn the cache and cost a second copy
                inner.read(address, dst, offset, length);
                return;
            } catch (UnreadableMemoryException e) {
                // fall through: page by page through the cache, for the exact first unreadable byte
            }
        }
        readCached(address, dst, offset, length);
    }

    /** Bulk reads report what the inner memory saw (see {@link Memory#readSeeingResidency}); cached reads, null. */
    @Override
    public BitSet readSeeingResidency(long address, byte[] dst, int offset, int length) {
        if (length >= BYPASS_BYTES) {
            try {
                return inner.readSeeingResidency(address, dst, offset, length);
            } catch (UnreadableMemoryException e) {
                // fall through, as in read
            }
        }
        readCached(address, dst, offset, length);
        return null;
    }

    private synchronized void readCached(long address, byte[] dst, int offset, int length) {
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

    /**
     * Scatter read that does not fill the block cache: ranges inside a cached block are served from it, the rest go
     * to the inner memory in one scatter read (a page-start scan would otherwise load a 64 KiB block per 16 bytes).
     */
    @Override
    public synchronized BitSet readEach(long[] addresses, int count, int length, byte[] dst) {
        BitSet failed = new BitSet();
        long[] miss = new long[count];
        int[] missIndex = new int[count];
        int misses = 0;
        long lastBase = -1;
        Block lastBlock = null;
        for (int i = 0; i < count; i++) {
            long a = addresses[i];
            long base = a & -BLOCK_BYTES;
            if (base != lastBase) {
                // page starts come sixteen to a block: look each block up once
                lastBase = base;
                lastBlock = blocks.get(base);
            }
            Block b = length > 0 && a + length <= base + BLOCK_BYTES ? lastBlock : null;
            int from = (int) (a - base);
            if (b != null && firstUnreadable(b, from, length) < 0) {
                System.arraycopy(b.data(), from, dst, i * length, length);
            } else {
                miss[misses] = a;
                missIndex[misses++] = i;
            }
        }
        byte[] got = new byte[misses * length];
        BitSet bad = inner.readEach(miss, misses, length, got);
        for (int k = 0; k < misses; k++) {
            if (bad.get(k)) {
                failed.set(missIndex[k]);
            } else {
                System.arraycopy(got, k * length, dst, missIndex[k] * length, length);
            }
        }
        return failed;
    }

    /**
     * The cached block holding {@code address}, loaded if needed. Its unreadable pages (see {@link Block#readable})
     * read as zeros here: a caller that finds the block not {@link Block#whole} reads through {@link #read} to get
     * the precise failure.
     */
    public synchronized Block blockAt(long address) {
        return block(address & -BLOCK_BYTES);
    }

    /** The block holding {@code address} if it is cached; never loads one. */
    public synchronized Optional<Block> cachedBlock(long address) {
        return Optional.ofNullable(blocks.get(address & -BLOCK_BYTES));
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
        return new Block(base, data, readable, readable.cardinality() == PAGES_PER_BLOCK);
    }

    @Override
    public synchronized void close() {
        blocks.clear();
        inner.close();
    }
}
