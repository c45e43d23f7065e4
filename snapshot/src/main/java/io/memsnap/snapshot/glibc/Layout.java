// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

/**
 * Struct offsets and constants of glibc 2.36 malloc on x86_64 (checked with DWARF of Debian's libc6 2.36 and
 * against live processes; see allocator-layouts.md section 1).
 */
final class Layout {
    private Layout() {}

    /** The only glibc version whose layouts we have verified. */
    static final String VERIFIED_VERSION = "2.36";

    static final long PREV_INUSE = 1;
    static final long IS_MMAPPED = 2;
    static final long NON_MAIN_ARENA = 4;
    static final long FLAG_MASK = 7;
    static final long MIN_CHUNK = 32;
    /** sizeof(struct malloc_chunk): malloc_trim leaves this much of a free chunk untouched. */
    static final long MALLOC_CHUNK_STRUCT = 48;

    // struct malloc_state, sizeof 2200
    static final int STATE_SIZE = 2200;
    static final int STATE_FLAGS = 4;
    static final int STATE_HAVE_FASTCHUNKS = 8;
    static final int STATE_FASTBINS = 16;
    static final int NFASTBINS = 10;
    static final int STATE_TOP = 96;
    static final int STATE_BINS = 112;
    static final int NBINS = 128;
    static final int STATE_NEXT = 2160;
    static final int STATE_SYSTEM_MEM = 2184;
    static final int STATE_MAX_SYSTEM_MEM = 2192;
    static final int NONCONTIGUOUS = 2;

    // struct malloc_par mp_, sizeof 136
    static final int PAR_SIZE = 136;
    static final int PAR_MMAP_THRESHOLD = 16;
    static final int PAR_ARENA_TEST = 24;
    static final int PAR_THP_PAGESIZE = 40;
    static final int PAR_HP_PAGESIZE = 48;
    static final int PAR_N_MMAPS = 60;
    static final int PAR_N_MMAPS_MAX = 64;
    static final int PAR_MAX_N_MMAPS = 68;
    static final int PAR_NO_DYN_THRESHOLD = 72;
    static final int PAR_MMAPPED_MEM = 80;
    static final int PAR_MAX_MMAPPED_MEM = 88;
    static final int PAR_SBRK_BASE = 96;
    static final int PAR_TCACHE_BINS = 104;
    static final int PAR_TCACHE_MAX_BYTES = 112;
    static final int PAR_TCACHE_COUNT = 120;

    // heap_info, sizeof 48; thread heaps are HEAP_MAX aligned reservations
    static final int HEAP_INFO_SIZE = 48;
    static final int HEAP_INFO_PREV = 8;
    static final int HEAP_INFO_SIZE_FIELD = 16;
    static final long HEAP_MAX = 64L << 20;
    /** First chunk of an arena's first heap: heap_info + malloc_state, aligned so the user pointer is 16-aligned. */
    static final long FIRST_HEAP_FIRST_CHUNK = 0x8d0;

    // tcache_perthread_struct, sizeof 640, in a chunk of 0x290
    static final int TCACHE_STRUCT_SIZE = 640;
    static final long TCACHE_STRUCT_CHUNK = 0x290;
    static final int TCACHE_BINS = 64;
    static final int TCACHE_ENTRIES = 128;

    /** Address of the fake chunk that heads bin {@code i} (1..127) of the arena at {@code arena}. */
    static long binHead(long arena, int i) {
        return arena + STATE_BINS + 16L * (i - 1) - 16;
    }

    /** Safe-linking: the pointer stored in the field at {@code fieldAddress} decoded. */
    static long reveal(long fieldAddress, long stored) {
        return (fieldAddress >>> 12) ^ stored;
    }
}
