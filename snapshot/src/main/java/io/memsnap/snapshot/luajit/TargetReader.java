// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Mapping;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
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
    private static final int PAGE = 4096;
    private static final int PREFETCH_BATCH = 256;
    private final Memory memory;
    private final long[] starts;
    private final long[] ends;
    private final Map<Long, Block> cache;
    /** Single pages read on their own (sparse heads, prefetched used pages), within a budget of pages. */
    private final Map<Long, Block> pages = new HashMap<>();
    private final int maxPages;
    private Block last;
    private byte[] spare;

    private record Block(long base, int from, int to, byte[] data) {}

    TargetReader(Memory memory, List<Mapping> mappings, long cacheBytes) {
        this.memory = memory;
        List<Mapping> rw = mappings.stream().filter(m -> m.readable() && m.writable() && !m.shared()).toList();
        this.starts = rw.stream().mapToLong(Mapping::start).toArray();
        this.ends = rw.stream().mapToLong(Mapping::end).toArray();
        // half of the budget for single pages, the rest for blocks: together no more than before
        this.maxPages = (int) Math.max(1, cacheBytes / 2 / PAGE);
        int maxBlocks = (int) Math.max(2, (cacheBytes - (long) maxPages * PAGE) / BLOCK);
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

    /**
     * True if {@code [address, address + length)} is covered by valid mappings without a gap. One allocator segment
     * can span several VMAs: after a fork the kernel does not merge a new anonymous mapping with an inherited
     * neighbour, so a segment grown or prepended by an adjacent mmap shows as two lines in maps.
     */
    boolean valid(long address, long length) {
        int i = mappingIndex(address);
        long end = address + length;
        if (i < 0 || length < 0 || end < address) {
            return false;
        }
        while (end > ends[i]) {
            if (i + 1 >= starts.length || starts[i + 1] != ends[i]) {
                return false;
            }
            i++;
        }
        return true;
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
     * {@link #u64} for a value far from recent reads (the head after a big chunk): if no cached block holds it, only
     * its page is read (a scatter read, which does not fill the memory's block cache either), not the 64 KiB block
     * around it. A heap that is mostly big free chunks then costs a page per chunk, not a block.
     */
    long u64Sparse(long address) {
        Block b = last;
        if (b != null && address >= b.base + b.from && address + 8 <= b.base + b.to) {
            return Bytes.i64(b.data, (int) (address - b.base));
        }
        b = cache.get(address & -BLOCK);
        long page = address & -PAGE;
        if (b != null && address >= b.base + b.from && address + 8 <= b.base + b.to || pages.containsKey(page)
                || pages.size() >= maxPages || address + 8 > page + PAGE || !valid(page, PAGE)) {
            // cached, or the page budget is spent (a dense heap: blocks serve it better), or not a plain page
            return u64(address);
        }
        byte[] data = new byte[PAGE];
        if (memory.readEach(new long[] {page}, 1, PAGE, data).get(0)) {
            return u64(address); // unreadable: the plain path says why
        }
        last = new Block(page, 0, PAGE, data);
        pages.put(page, last);
        return Bytes.i64(data, (int) (address - page));
    }

    /**
     * Reads the pages at {@code pageAddresses[0..count)} (ascending, page-aligned, inside valid mappings) with
     * scatter reads of up to 256 pages and keeps them, if they all fit in the page budget: the GC walk then chases
     * pointers through pages already here instead of loading a 64 KiB block per object in a sparse heap. Pages that
     * cannot be read are left out; reading them later fails on the plain path with its exact reason.
     */
    void prefetchPages(long[] pageAddresses, int count) {
        int missing = 0;
        for (int k = 0; k < count; k++) {
            missing += pages.containsKey(pageAddresses[k]) ? 0 : 1;
        }
        if (pages.size() + missing > maxPages) {
            return; // a dense heap: the block cache serves it better than a partial prefetch would
        }
        long[] batch = new long[PREFETCH_BATCH];
        byte[] buf = new byte[PREFETCH_BATCH * PAGE];
        int k = 0;
        while (k < count && pages.size() < maxPages) {
            int n = 0;
            while (k < count && n < PREFETCH_BATCH && pages.size() + n < maxPages) {
                long p = pageAddresses[k++];
                if (!pages.containsKey(p) && valid(p, PAGE)) {
                    batch[n++] = p;
                }
            }
            BitSet bad = memory.readEach(batch, n, PAGE, buf);
            for (int j = 0; j < n; j++) {
                if (!bad.get(j)) {
                    pages.put(batch[j], new Block(batch[j], 0, PAGE, Arrays.copyOfRange(buf, j * PAGE, (j + 1) * PAGE)));
                }
            }
        }
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
        b = pages.get(address & -PAGE);
        if (b != null && address + length <= b.base + PAGE) {
            last = b;
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
        // this reader caches its blocks itself: skip the image's block cache
        memory.uncached().read(base + from, data, from, to - from);
        Block b = new Block(base, from, to, data);
        cache.put(base, b);
        return b;
    }
}
