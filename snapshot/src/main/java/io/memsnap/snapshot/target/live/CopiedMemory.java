// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import io.memsnap.snapshot.memory.AddressIndex;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Mapping;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.NavigableSet;

/**
 * The memory of a {@link FrozenCopy}: reads of copied pages come from the {@link PageStore}; a page of a copied
 * mapping that was not resident when the target stopped reads as zeros if the mapping is private anonymous, and
 * through {@code live} (its file, without faulting the target) otherwise; mappings that are not copied (read-only
 * file mappings, whose bytes do not change) are read through {@code live}. Thread-safe: the store is read with
 * absolute gets only. Reading after {@link #close} throws.
 */
final class CopiedMemory implements Memory {
    private static final long PAGE = 4096;
    private final PageStore store;
    private final PageRuns runs;
    private final NavigableSet<Long> badPages;
    private final AddressIndex<Mapping> mappings;
    private final Memory live;
    private volatile boolean closed;

    CopiedMemory(PageStore store, PageRuns runs, NavigableSet<Long> badPages, List<Mapping> mappings, Memory live) {
        this.store = store;
        this.runs = runs;
        this.badPages = badPages;
        this.mappings = AddressIndex.of(mappings, Mapping::start, Mapping::end);
        this.live = live;
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        if (closed) {
            throw new IllegalStateException("copy of the target already released");
        }
        long pos = address;
        long end = address + length;
        while (pos < end) {
            int r = runs.find(pos);
            if (r >= 0) {
                long n = Math.min(end - pos, runs.start(r) + runs.length(r) - pos);
                checkGood(pos, n, address, length);
                store.slice(runs.slice(r)).get((int) (runs.position(r) + pos - runs.start(r)), dst,
                        offset + (int) (pos - address), (int) n);
                pos += n;
                continue;
            }
            Mapping m = mappings.at(pos);
            if (m == null || !m.readable()) {
                throw new UnreadableMemoryException(address, length,
                        String.format(Locale.ROOT, "0x%x is not in a readable mapping", pos));
            }
            long next = Math.min(end, nextRunStart(pos, m.end()));
            int n = (int) (next - pos);
            if (FrozenCopy.copied(m) && m.inode() == 0 && !m.shared()) {
                Arrays.fill(dst, offset + (int) (pos - address), offset + (int) (pos - address) + n, (byte) 0);
            } else {
                live.read(pos, dst, offset + (int) (pos - address), n);
            }
            pos = next;
        }
    }

    /**
     * Scatter read from the copy: addresses that come in ascending order (a scan of chunk starts) mostly fall in the
     * run the previous one did, or one a few runs on, so the run is looked up again only when an address leaves it,
     * and then searched from there ({@link PageRuns#floor}); anything not wholly
     * inside one copied run (a gap, a bad page) goes through {@link #read}. Same bytes as one read per address.
     */
    @Override
    public BitSet readEach(long[] addresses, int count, int length, byte[] dst) {
        if (closed) {
            throw new IllegalStateException("copy of the target already released");
        }
        BitSet failed = new BitSet();
        int r = -1;
        int below = -1;
        long runStart = 0;
        long runEnd = 0;
        for (int i = 0; i < count; i++) {
            long a = addresses[i];
            if (a < runStart || a >= runEnd) {
                // the next address is mostly in one of the next few runs: gallop on from the last one
                below = runs.floor(a, below);
                r = runs.contains(below, a) ? below : -1;
                runStart = r >= 0 ? runs.start(r) : 0;
                runEnd = r >= 0 ? runStart + runs.length(r) : 0;
            }
            if (r >= 0 && a + length <= runEnd && badPages.isEmpty()) {
                store.slice(runs.slice(r)).get((int) (runs.position(r) + a - runStart), dst, i * length, length);
                continue;
            }
            try {
                read(a, dst, i * length, length);
            } catch (UnreadableMemoryException e) {
                failed.set(i);
            }
        }
        return failed;
    }

    @Override
    public long readLong(long address) {
        int r = runs.find(address);
        if (r >= 0 && !closed && address + 8 <= runs.start(r) + runs.length(r) && badPages.isEmpty()) {
            return store.slice(runs.slice(r)).getLong((int) (runs.position(r) + address - runs.start(r)));
        }
        return Memory.super.readLong(address);
    }

    /** Start of the first run above {@code pos}, or {@code limit}. */
    private long nextRunStart(long pos, long limit) {
        int i = runs.find(pos);
        if (i >= 0) {
            return pos;
        }
        // binary search over runs for the first start > pos
        int lo = 0;
        int hi = runs.count();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (runs.start(mid) <= pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < runs.count() ? Math.min(limit, runs.start(lo)) : limit;
    }

    private void checkGood(long pos, long n, long address, int length) {
        if (badPages.isEmpty()) {
            return;
        }
        Long bad = badPages.ceiling(pos & -PAGE);
        if (bad != null && bad < pos + n) {
            throw new UnreadableMemoryException(address, length,
                    String.format(Locale.ROOT, "page 0x%x could not be copied while the target was stopped", bad));
        }
    }

    /** Releases the copy and the live reader; never touches the target. */
    @Override
    public void close() {
        closed = true;
        store.close();
        live.close();
    }
}
