// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.Bytes;

/** The fields of glibc's {@code mp_} (struct malloc_par) the walker uses. */
record MallocPar(
        long address,
        long mmapThreshold,
        long arenaTest,
        long thpPagesize,
        long hpPagesize,
        int nMmaps,
        int nMmapsMax,
        int maxNMmaps,
        int noDynThreshold,
        long mmappedMem,
        long maxMmappedMem,
        long sbrkBase,
        long tcacheBins,
        long tcacheMaxBytes,
        long tcacheCount) {

    /** Decodes the 136 bytes at {@code b[off..]}, read from {@code address}. */
    static MallocPar parse(byte[] b, int off, long address) {
        return new MallocPar(address,
                Bytes.i64(b, off + Layout.PAR_MMAP_THRESHOLD),
                Bytes.i64(b, off + Layout.PAR_ARENA_TEST),
                Bytes.i64(b, off + Layout.PAR_THP_PAGESIZE),
                Bytes.i64(b, off + Layout.PAR_HP_PAGESIZE),
                Bytes.i32(b, off + Layout.PAR_N_MMAPS),
                Bytes.i32(b, off + Layout.PAR_N_MMAPS_MAX),
                Bytes.i32(b, off + Layout.PAR_MAX_N_MMAPS),
                Bytes.i32(b, off + Layout.PAR_NO_DYN_THRESHOLD),
                Bytes.i64(b, off + Layout.PAR_MMAPPED_MEM),
                Bytes.i64(b, off + Layout.PAR_MAX_MMAPPED_MEM),
                Bytes.i64(b, off + Layout.PAR_SBRK_BASE),
                Bytes.i64(b, off + Layout.PAR_TCACHE_BINS),
                Bytes.i64(b, off + Layout.PAR_TCACHE_MAX_BYTES),
                Bytes.i64(b, off + Layout.PAR_TCACHE_COUNT));
    }

    /**
     * True if every field is in the range glibc 2.36 allows (mallopt and tunables included). This alone is weak;
     * {@link ArenaFinder} also ties {@code sbrk_base} to the main arena's top.
     */
    boolean plausible() {
        return mmapThreshold > 0 && mmapThreshold <= (32L << 20)
                && arenaTest > 0 && arenaTest <= (1 << 20)
                && (thpPagesize == 0 || Long.bitCount(thpPagesize) == 1)
                && (hpPagesize == 0 || Long.bitCount(hpPagesize) == 1)
                && nMmaps >= 0 && maxNMmaps >= nMmaps && nMmapsMax >= 0
                && (noDynThreshold == 0 || noDynThreshold == 1)
                && mmappedMem >= 0 && maxMmappedMem >= mmappedMem
                && (nMmaps == 0) == (mmappedMem == 0) && mmappedMem >= 4096L * nMmaps
                && (sbrkBase & 0xf) == 0
                && tcacheBins >= 0 && tcacheBins <= Layout.TCACHE_BINS
                && tcacheMaxBytes >= 0 && tcacheMaxBytes <= 0x408
                && tcacheCount >= 0 && tcacheCount <= 0xffff;
    }
}
