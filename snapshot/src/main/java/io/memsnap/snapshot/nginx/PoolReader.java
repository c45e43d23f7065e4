// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.walk.InUseChunks;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Decides whether the 80 bytes at the start of a glibc in-use chunk are an {@code ngx_pool_t} head, by the
 * invariants of nginx 1.22's pools: {@code p+80 <= last <= end}, {@code end - p} is the pool size and fits the chunk,
 * {@code max == min(size - 80, 4095)}, {@code failed} small, {@code log} non-NULL; then every block on the
 * {@code d.next} chain is an in-use chunk of the same size with a 32-byte header, {@code current} is on the chain,
 * the large and cleanup nodes lie inside the pool's blocks and every large allocation is NULL or a live chunk. Every
 * list walk is bounded and cycle-checked. Confined to one thread.
 */
final class PoolReader {
    /** Bytes of a head block read up front: the header and what usually follows it (cleanup and large nodes). */
    static final int WINDOW = 256;

    private final Memory memory;
    private byte[] window;
    private int windowOffset;
    private long windowStart;
    private int windowBytes;
    private final InUseChunks chunks;
    private final int maxSteps;
    /** Scratch space reused from pool to pool: a block header or list node, and the chain. */
    private final byte[] scratch = new byte[PoolLayout.BLOCK_HEADER];
    private long[] chain = new long[8];
    /** Why the last {@link #read} returned false: one of the invariants, in words. */
    private String fault;

    PoolReader(Memory memory, InUseChunks chunks, int maxSteps) {
        this.memory = memory;
        this.chunks = chunks;
        this.maxSteps = maxSteps;
    }

    /** Cheap checks on the head words alone (no reads): true if {@code head} may be a pool at {@code p}. */
    static boolean plausibleHead(long p, long chunkBytes, byte[] head, int off) {
        return headFault(p, chunkBytes, head, off) == null;
    }

    /** The first head invariant {@code head} breaks as a pool at {@code p}, in words; null if it may be a pool. */
    static String headFault(long p, long chunkBytes, byte[] head, int off) {
        long last = Bytes.i64(head, off + PoolLayout.D_LAST);
        long end = Bytes.i64(head, off + PoolLayout.D_END);
        long size = end - p;
        if (size < PoolLayout.POOL_HEADER || last < p + PoolLayout.POOL_HEADER || last > end) {
            return "d.last is not within p+80 .. d.end";
        }
        if (!fits(size, chunkBytes)) {
            return "d.end - p does not fit its glibc chunk";
        }
        if (Bytes.i64(head, off + PoolLayout.MAX) != Math.min(size - PoolLayout.POOL_HEADER,
                PoolLayout.MAX_ALLOC_FROM_POOL)) {
            return "max is not min(size - 80, 4095)";
        }
        long failed = Bytes.i64(head, off + PoolLayout.D_FAILED);
        if (failed < 0 || failed > PoolLayout.MAX_FAILED) {
            return "d.failed is above " + PoolLayout.MAX_FAILED;
        }
        return Bytes.i64(head, off + PoolLayout.LOG) == 0 ? "log is NULL" : null;
    }

    /** Why the last {@link #read} that returned false did so, in words. */
    String fault() {
        return fault;
    }

    /**
     * True if a chunk of {@code chunkBytes} is one glibc may hand out for a block of {@code size} bytes: the exact
     * request2size, or up to {@link PoolLayout#MIN_CHUNK} - 16 bytes more (a free chunk taken from a bin is not split
     * when the rest would be smaller than MINSIZE: a 512-byte pool then sits in a 544-byte chunk), or an mmapped chunk
     * of whole pages.
     */
    static boolean fits(long size, long chunkBytes) {
        long exact = PoolLayout.request2size(size);
        if (chunkBytes >= exact && chunkBytes - exact < PoolLayout.MIN_CHUNK) {
            return true;
        }
        return chunkBytes % 4096 == 0 && size + 16 <= chunkBytes && chunkBytes - (size + 16) < 4096;
    }

    /**
     * Reads the pool at {@code p} (chunk {@code chunkIndex}) with its blocks, large allocations and cleanups into
     * {@code f}; false if a later invariant fails. {@code head} holds its first {@code headBytes} bytes (80 up to
     * {@link #WINDOW}) at {@code off}.
     */
    boolean read(PoolFacts f, long p, int chunkIndex, byte[] head, int off, int headBytes) {
        window = head;
        windowOffset = off;
        windowStart = p;
        windowBytes = headBytes;
        long chunkBytes = chunks.size(chunkIndex);
        long size = Bytes.i64(head, off + PoolLayout.D_END) - p;
        f.reset(p, size, chunkBytes);
        f.addChunk(chunkIndex);
        long[] blocks = chain(f, p, Bytes.i64(head, off + PoolLayout.D_LAST), Bytes.i64(head, off + PoolLayout.D_NEXT));
        if (blocks == null) {
            return false;
        }
        int count = f.blocks;
        long current = Bytes.i64(head, off + PoolLayout.CURRENT);
        if (count == 1 ? current != p : Arrays.binarySearch(blocks, 0, count, current) < 0) {
            return fail("current is not on the d.next chain");
        }
        return large(f, blocks, count, Bytes.i64(head, off + PoolLayout.LARGE))
                && cleanups(f, blocks, count, Bytes.i64(head, off + PoolLayout.CLEANUP));
    }

    private boolean fail(String why) {
        fault = why;
        return false;
    }

    private long[] failChain(String why) {
        fault = why;
        return null;
    }

    /** Walks {@code d.next}; fills blocks and used/unused bytes; returns the sorted block addresses or null. */
    private long[] chain(PoolFacts f, long p, long headLast, long next) {
        long[] blocks = chain;
        blocks[0] = p;
        int n = 1;
        f.usedBytes = headLast - p - PoolLayout.POOL_HEADER;
        f.unusedBytes = p + f.sizeBytes - headLast;
        Set<Long> seen = null;
        byte[] b = scratch;
        while (next != 0) {
            if (n >= maxSteps) {
                return failChain("the d.next chain is longer than " + maxSteps + " blocks");
            }
            if (n > 32) {
                if (seen == null) {
                    // from here on a set, holding the blocks the linear check has seen too
                    seen = new HashSet<>();
                    for (int i = 0; i < n; i++) {
                        seen.add(blocks[i]);
                    }
                }
                if (!seen.add(next)) {
                    return failChain("the d.next chain loops");
                }
            } else {
                for (int i = 0; i < n; i++) {
                    if (blocks[i] == next) {
                        return failChain("the d.next chain loops");
                    }
                }
            }
            int idx = chunks.indexOfPointer(next);
            if (idx < 0 || !fits(f.sizeBytes, chunks.size(idx))) {
                return failChain("a block on the d.next chain is not an in-use chunk that fits the pool size");
            }
            if (!read(next, b, PoolLayout.BLOCK_HEADER)) {
                return failChain("a block on the d.next chain is unreadable");
            }
            long last = Bytes.i64(b, PoolLayout.D_LAST);
            long failed = Bytes.i64(b, PoolLayout.D_FAILED);
            if (Bytes.i64(b, PoolLayout.D_END) - next != f.sizeBytes || last < next + PoolLayout.BLOCK_HEADER
                    || last > next + f.sizeBytes || failed < 0 || failed > PoolLayout.MAX_FAILED) {
                return failChain("a block on the d.next chain breaks d.last, d.end or d.failed");
            }
            if (n == blocks.length) {
                blocks = Arrays.copyOf(blocks, n * 2);
                chain = blocks;
            }
            blocks[n++] = next;
            f.addChunk(idx);
            f.chunkBytes += chunks.size(idx);
            f.usedBytes += last - next - PoolLayout.BLOCK_HEADER;
            f.unusedBytes += next + f.sizeBytes - last;
            next = Bytes.i64(b, PoolLayout.D_NEXT);
        }
        f.blocks = n;
        if (n == 1) {
            return blocks;
        }
        long[] sorted = Arrays.copyOf(blocks, n);
        Arrays.sort(sorted);
        return sorted;
    }

    private boolean large(PoolFacts f, long[] blocks, int count, long at) {
        byte[] b = scratch;
        long node = at;
        int steps = 0;
        while (node != 0) {
            if (++steps > maxSteps || !inside(blocks, count, f.sizeBytes, node) || !read(node, b, 16)) {
                return fail("the large list leaves the pool's blocks or loops");
            }
            long alloc = Bytes.i64(b, 8);
            if (alloc != 0) {
                int idx = chunks.indexOfPointer(alloc);
                if (idx < 0) {
                    return fail("a large allocation is not an in-use glibc chunk");
                }
                f.addLarge(chunks.size(idx));
                f.addChunk(idx);
            }
            node = Bytes.i64(b, 0);
        }
        // a cycle among nodes inside the pool ends at maxSteps above; two nodes for one chunk is a torn list
        return true;
    }

    private boolean cleanups(PoolFacts f, long[] blocks, int count, long at) {
        byte[] b = scratch;
        long node = at;
        int steps = 0;
        while (node != 0) {
            if (++steps > maxSteps || !inside(blocks, count, f.sizeBytes, node) || !read(node, b, 24)) {
                return fail("the cleanup list leaves the pool's blocks or loops");
            }
            long handler = Bytes.i64(b, 0);
            if (handler != 0 && f.handlerCount < 64) {
                f.addHandler(handler);
            }
            node = Bytes.i64(b, 16);
        }
        return true;
    }

    /** True for NULL or an address inside one of the blocks (sorted starts, each {@code size} bytes). */
    private static boolean inside(long[] blocks, int count, long size, long address) {
        if (address == 0) {
            return true;
        }
        if (count == 1) {
            return address >= blocks[0] && address - blocks[0] < size;
        }
        int i = Arrays.binarySearch(blocks, 0, count, address);
        int at = i >= 0 ? i : -i - 2;
        return at >= 0 && address - blocks[at] < size;
    }

    private boolean read(long address, byte[] into, int length) {
        if (address >= windowStart && address + length <= windowStart + windowBytes) {
            System.arraycopy(window, windowOffset + (int) (address - windowStart), into, 0, length);
            return true;
        }
        try {
            memory.read(address, into, 0, length);
            return true;
        } catch (UnreadableMemoryException e) {
            return false;
        }
    }
}
