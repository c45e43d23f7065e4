// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.memory.AddressIndex;
import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.CachedMemory;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Mapping;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads small values from the target, parsing them straight from the image's block cache ({@link CachedMemory}),
 * so that walking millions of chunks and objects costs a few thousand bulk reads and no copies. Only addresses
 * inside readable, writable private mappings (where LuaJIT's allocator puts everything) are valid. For sparse heaps
 * it also keeps single pages within a budget (heads far apart, prefetched used pages). Confined to one thread.
 */
final class TargetReader {
    /**
     * Little-endian longs straight from a {@link #view}'s bytes: one access, where assembling them byte by byte
     * (memory.Bytes) costs several times more under the launcher's C1-only JIT (about 1.5 against 8 ns a long).
     */
    static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int PAGE = 4096;
    private static final int PREFETCH_BATCH = 256;
    private final CachedMemory cache;
    private final AddressIndex<Mapping> valid;
    /** Single pages read on their own (sparse heads, prefetched used pages), within a budget of pages. */
    private final Map<Long, byte[]> pages = new HashMap<>();
    private final int maxPages;
    /** The bytes parsed last: {@code [lastFrom, lastTo)} is readable, at {@code lastData[address - lastBase]}. */
    private byte[] lastData;
    private long lastBase;
    private long lastFrom = 1;
    private long lastTo;
    /** The mapping {@link #validNearLast} found last (empty at first). */
    private long lastValidStart = 1;
    private long lastValidEnd;

    /**
     * @param memory the image's memory; if it is not a block cache (a test's memory) one is put in front of it
     * @param cacheBytes budget of single pages kept besides the image's blocks is half of it
     */
    TargetReader(Memory memory, List<Mapping> mappings, long cacheBytes) {
        this.cache = memory instanceof CachedMemory c ? c
                : CachedMemory.of(memory, (int) Math.max(2, cacheBytes / 2 / CachedMemory.BLOCK_BYTES));
        List<Mapping> rw = mappings.stream().filter(m -> m.readable() && m.writable() && !m.shared()).toList();
        this.valid = AddressIndex.of(rw, Mapping::start, Mapping::end);
        this.maxPages = (int) Math.max(1, cacheBytes / 2 / PAGE);
    }

    /**
     * True if {@code [address, address + length)} is covered by valid mappings without a gap. One allocator segment
     * can span several VMAs: after a fork the kernel does not merge a new anonymous mapping with an inherited
     * neighbour, so a segment grown or prepended by an adjacent mmap shows as two lines in maps.
     */
    boolean valid(long address, long length) {
        return address >= 0 && valid.covers(address, length);
    }

    // at() may switch lastData: call it before reading the field

    long u64(long address) {
        int off = at(address, 8);
        return Bytes.i64(lastData, off);
    }

    long u32(long address) {
        int off = at(address, 4);
        return Bytes.u32(lastData, off);
    }

    int u16(long address) {
        int off = at(address, 2);
        return Bytes.u16(lastData, off);
    }

    int u8(long address) {
        int off = at(address, 1);
        return lastData[off] & 0xff;
    }

    /**
     * {@link #u64} for a value far from recent reads (the head after a big chunk): if no cached block holds it, only
     * its page is read (a scatter read, which does not fill the block cache), not the 64 KiB block around it. A
     * heap that is mostly big free chunks then costs a page per chunk, not a block.
     */
    long u64Sparse(long address) {
        if (address >= lastFrom && address + 8 <= lastTo) {
            return Bytes.i64(lastData, (int) (address - lastBase));
        }
        long page = address & -PAGE;
        Optional<CachedMemory.Block> b = cache.cachedBlock(address);
        if (b.isPresent() && b.get().whole() || pages.containsKey(page) || pages.size() >= maxPages
                || address + 8 > page + PAGE || !valid(page, PAGE)) {
            // cached, or the page budget is spent (a dense heap: blocks serve it better), or not a plain page
            return u64(address);
        }
        byte[] data = new byte[PAGE];
        if (cache.readEach(new long[] {page}, 1, PAGE, data).get(0)) {
            return u64(address); // unreadable: the plain path says why
        }
        pages.put(page, data);
        int off = view(data, page, page, page + PAGE, address);
        return Bytes.i64(data, off);
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
            BitSet bad = cache.readEach(batch, n, PAGE, buf);
            for (int j = 0; j < n; j++) {
                if (!bad.get(j)) {
                    pages.put(batch[j], Arrays.copyOfRange(buf, j * PAGE, (j + 1) * PAGE));
                }
            }
        }
    }

    /** Copies {@code length} bytes. */
    byte[] bytes(long address, int length) {
        if (!valid(address, length)) {
            throw new UnreadableMemoryException(address, length, "outside the target's writable mappings");
        }
        return cache.read(address, length);
    }

    /**
     * Makes {@code [address, address + length)} (at most a block, see {@link #inBlock}) readable in the array
     * {@link #viewData} returns, at the offset returned: for loops over many values in a row (a table's array or
     * hash part), which then read the array directly instead of checking each address. Throws as the reads do.
     */
    int view(long address, int length) {
        return at(address, length);
    }

    /** The array of the last {@link #view}: a block's bytes (never reused for another block) or a copy. */
    byte[] viewData() {
        return lastData;
    }

    /**
     * {@link #valid}, first against the mapping that satisfied the last call (the graph's table parts mostly lie in
     * one big heap mapping): no search over the mappings for most of a million tables.
     */
    boolean validNearLast(long address, long length) {
        if (address >= lastValidStart && length >= 0 && address + length <= lastValidEnd && address + length >= address) {
            return true;
        }
        int i = address >= 0 ? valid.indexOf(address) : -1;
        if (i < 0 || length < 0) {
            return false;
        }
        lastValidStart = valid.start(i);
        lastValidEnd = valid.end(i);
        long end = address + length;
        // inside the mapping found (no second search), or running on into adjacent ones (a segment after a fork)
        return end >= address && (end <= lastValidEnd || valid.covers(address, length));
    }

    /** True if {@code [address, address + length)} lies in the bytes read last: valid without a lookup. */
    boolean inView(long address, long length) {
        return address >= lastFrom && address + length <= lastTo;
    }

    /**
     * How many of {@code count} values of {@code width} bytes from {@code address} one {@link #view} takes: those
     * up to the end of its block (at least one, which may straddle two blocks and is then copied).
     */
    static int inBlock(long address, long count, int width) {
        long blockEnd = (address & -CachedMemory.BLOCK_BYTES) + CachedMemory.BLOCK_BYTES;
        return (int) Math.max(1, Math.min(count, (blockEnd - address) / width));
    }

    /** Makes {@code [address, address + length)} readable in {@link #lastData}; returns its offset there. */
    private int at(long address, int length) {
        if (address >= lastFrom && address + length <= lastTo) {
            return (int) (address - lastBase);
        }
        long page = address & -PAGE;
        byte[] p = pages.get(page);
        if (p != null && address + length <= page + PAGE) {
            return view(p, page, page, page + PAGE, address);
        }
        int i = valid.indexOf(address);
        // a range may run on into the adjacent mapping (a segment grown after a fork), as valid.covers accepts
        boolean crosses = i >= 0 && address + length > valid.end(i);
        if (i < 0 || address < 0 || crosses && !valid.covers(address, length)) {
            throw new UnreadableMemoryException(address, length, "outside the target's writable mappings");
        }
        long base = address & -CachedMemory.BLOCK_BYTES;
        CachedMemory.Block b = cache.blockAt(address);
        if (crosses || address + length > base + CachedMemory.BLOCK_BYTES || !b.whole()) {
            // straddles two mappings or blocks, or the block has unreadable pages: a copy, which fails precisely if
            // it must
            byte[] copy = cache.read(address, length);
            return view(copy, address, address, address + length, address);
        }
        return view(b.data(), base, Math.max(base, valid.start(i)),
                Math.min(base + CachedMemory.BLOCK_BYTES, valid.end(i)), address);
    }

    private int view(byte[] data, long base, long from, long to, long address) {
        lastData = data;
        lastBase = base;
        lastFrom = from;
        lastTo = to;
        return (int) (address - base);
    }
}
