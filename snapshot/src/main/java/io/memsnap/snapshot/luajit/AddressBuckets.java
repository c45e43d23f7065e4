// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import java.util.Arrays;

/**
 * Numbers aligned address buckets densely over the few 4 GiB regions a set of addresses occupies (LuaJIT's allocator
 * spreads its mmaps over the 47-bit space, but in few regions): bucket {@code k} of a region covers {@code 2^shift}
 * bytes, and only buckets between the lowest and the highest address of each region are numbered. The shift is the
 * smallest (at least 16 bytes) that keeps the buckets at most as many as the addresses, so a bucket holds a few
 * objects. Used to sort the node table (one counting pass) and to find an address in it (an array index instead of a
 * hash probe). Confined to one thread.
 */
final class AddressBuckets {
    private static final int MIN_SHIFT = 4;
    /** The region ({@code address >>> 32}) of each numbered range, ascending. */
    private final long[] regions;
    /** The first bucket (of the whole address space, {@code address >>> shift}) of each region. */
    private final long[] lowest;
    /** The number of the first bucket of each region; {@code offset[regions.length]} is the total. */
    private final int[] offset;
    private final int shift;
    /** The region of the last {@link #of} (addresses come in runs of one region). */
    private int lastRegion = -1;

    private AddressBuckets(long[] regions, long[] lowest, int[] offset, int shift) {
        this.regions = regions;
        this.lowest = lowest;
        this.offset = offset;
        this.shift = shift;
    }

    /** Buckets over {@code addresses[0 .. count)}, in any order. */
    static AddressBuckets of(long[] addresses, int count) {
        long[] regions = new long[16];
        long[] min = new long[16];
        long[] max = new long[16];
        int used = 0;
        int at = -1;
        for (int i = 0; i < count; i++) {
            long a = addresses[i];
            if (at < 0 || a >>> 32 != regions[at]) {
                at = Arrays.binarySearch(regions, 0, used, a >>> 32);
                if (at < 0) {
                    at = -at - 1;
                    if (used == regions.length) {
                        regions = Arrays.copyOf(regions, used * 2);
                        min = Arrays.copyOf(min, used * 2);
                        max = Arrays.copyOf(max, used * 2);
                    }
                    System.arraycopy(regions, at, regions, at + 1, used - at);
                    System.arraycopy(min, at, min, at + 1, used - at);
                    System.arraycopy(max, at, max, at + 1, used - at);
                    regions[at] = a >>> 32;
                    min[at] = a;
                    max[at] = a;
                    used++;
                }
            }
            min[at] = Math.min(min[at], a);
            max[at] = Math.max(max[at], a);
        }
        int shift = MIN_SHIFT;
        while (buckets(min, max, used, shift) > Math.max(16, count)) {
            shift++;
        }
        long[] lowest = new long[used];
        int[] offset = new int[used + 1];
        for (int r = 0; r < used; r++) {
            lowest[r] = min[r] >>> shift;
            offset[r + 1] = offset[r] + (int) ((max[r] >>> shift) - lowest[r] + 1);
        }
        return new AddressBuckets(Arrays.copyOf(regions, used), lowest, offset, shift);
    }

    private static long buckets(long[] min, long[] max, int used, int shift) {
        long sum = 0;
        for (int r = 0; r < used; r++) {
            sum += (max[r] >>> shift) - (min[r] >>> shift) + 1;
        }
        return sum;
    }

    /** The number of buckets. */
    int count() {
        return offset[regions.length];
    }

    /** The bucket of {@code address}, or -1 if it lies outside every numbered range. */
    int of(long address) {
        int r = lastRegion;
        if (r < 0 || regions[r] != address >>> 32) {
            r = Arrays.binarySearch(regions, address >>> 32);
            if (r < 0) {
                return -1;
            }
            lastRegion = r;
        }
        long k = (address >>> shift) - lowest[r];
        return k >= 0 && k < offset[r + 1] - offset[r] ? offset[r] + (int) k : -1;
    }

    /** Addresses with equal {@code address >>> shift()} share a bucket (a caller may cache the last one). */
    int shift() {
        return shift;
    }
}
