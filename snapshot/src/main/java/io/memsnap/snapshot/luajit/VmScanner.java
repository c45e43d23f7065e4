// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.luajit;

import io.memsnap.snapshot.memory.PageHeads;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.target.ProcessImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds LuaJIT allocator states and directly mmapped chunks by looking at the start of every resident page of the
 * anonymous private writable mappings (the image's one page-start scan, {@link ProcessImage#pageHeads()}). Both
 * structures begin at a page start: the allocator state is the first chunk of the VM's first segment, a direct
 * chunk is a mapping of its own. Confined to one thread.
 */
final class VmScanner {
    private static final long PAGE = 4096;
    private static final long FENCEPOST_HEAD = 0xb;
    private final TargetReader reader;
    private final List<VmCandidate> vms = new ArrayList<>();
    private final List<DirectChunk> directs = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** Everything found. */
    record Found(List<VmCandidate> vms, List<DirectChunk> directs, List<String> warnings) {}

    private VmScanner(TargetReader reader) {
        this.reader = reader;
    }

    static Found scan(ProcessImage image, TargetReader reader) {
        VmScanner s = new VmScanner(reader);
        for (Mapping m : image.mappings()) {
            if (m.readable() && m.writable() && !m.shared() && m.inode() == 0 && m.path().isEmpty()) {
                s.scanMapping(m, image.pageHeads().in(m));
            }
        }
        return new Found(List.copyOf(s.vms), List.copyOf(s.directs), List.copyOf(s.warnings));
    }

    private void scanMapping(Mapping m, PageHeads.Scan heads) {
        if (heads.pagemapUnreadable()) {
            warnings.add(String.format(Locale.ROOT,
                    "page residency of 0x%x-0x%x unreadable; not searched for LuaJIT", m.start(), m.end()));
            return;
        }
        long[] failed = heads.failed();
        int f = 0;
        long skipUntil = 0;
        for (int k = 0; k <= heads.count(); k++) {
            long p = k < heads.count() ? heads.address(k) : m.end();
            for (; f < failed.length && failed[f] < p; f++) {
                if (failed[f] >= skipUntil) {
                    skipUntil = retry(failed[f], m.end(), skipUntil);
                    if (skipUntil < 0) {
                        return;
                    }
                }
            }
            if (k == heads.count() || p < skipUntil) {
                continue;
            }
            try {
                skipUntil = Math.max(skipUntil, examine(p, heads.first(k), heads.second(k), m.end()));
            } catch (UnreadableMemoryException e) {
                warn(p, e);
                return;
            }
        }
    }

    /**
     * A resident page start the scan could not read: reads it again alone and examines it; returns the new
     * {@code skipUntil}, or -1 after warning with the reason if it is still unreadable (the scan of the mapping ends).
     */
    private long retry(long p, long mappingEnd, long skipUntil) {
        try {
            return Math.max(skipUntil, examine(p, reader.u64(p), reader.u64(p + 8), mappingEnd));
        } catch (UnreadableMemoryException e) {
            warn(p, e);
            return -1;
        }
    }

    private void warn(long p, UnreadableMemoryException e) {
        warnings.add(String.format(Locale.ROOT,
                "page 0x%x could not be read while looking for LuaJIT: %s", p, e.getMessage()));
    }

    /**
     * Checks both signatures at page {@code p} (whose first two qwords are {@code prevFoot} and {@code head});
     * returns the end of a direct chunk found there, else 0.
     */
    private long examine(long p, long prevFoot, long head, long mappingEnd) {
        if ((head & ~1L) == 0x372 && selfLinkedLowBins(p + 16)) {
            confirmVm(p + 16);
        } else if (prevFoot == 1 && (head & 3) == 2) {
            long psize = head & ~3L;
            long mapBytes = psize + 32;
            if (psize > 0 && mapBytes % PAGE == 0 && p + mapBytes <= mappingEnd
                    && reader.u64(p + psize + 8) == FENCEPOST_HEAD && reader.u64(p + psize + 16) == 0) {
                directs.add(new DirectChunk(p, mapBytes));
                return p + mapBytes;
            }
        }
        return 0;
    }

    /** Small bins 0..3 are never used by the allocator, so they stay linked to themselves for ever. */
    private boolean selfLinkedLowBins(long mstate) {
        for (int i = 0; i < 4; i++) {
            long bin = mstate + 56 + 16L * i;
            if (reader.u64(bin + 16) != bin || reader.u64(bin + 24) != bin) {
                return false;
            }
        }
        return true;
    }

    /** The allocator's chunk size for a request of {@code bytes}: 8 bytes of overhead, 8-aligned, at least 32. */
    static long chunkSize(long bytes) {
        return Math.max(32, (bytes + 8 + 7) & ~7L);
    }

    private void confirmVm(long mstate) {
        long state = mstate + VmLayout.STATE_FROM_MSTATE;
        if (reader.u8(state + 9) == 6) {
            long global = reader.u64(state + VmLayout.L_GLREF);
            Optional<VmLayout> layout = VmLayout.byGlobalOffset(global - state);
            if (layout.isPresent() && reader.valid(global, 400)
                    && reader.u64(global + VmLayout.G_MAINTHREAD) == state
                    && reader.u64(global + VmLayout.G_ALLOCD) == mstate
                    && (reader.u64(state - 8) & ~7L) == chunkSize(layout.get().ggStateBytes())) {
                vms.add(new VmCandidate(mstate, state, global, layout.get()));
                return;
            }
            warnings.add(String.format(Locale.ROOT, "LuaJIT allocator state at 0x%x, but the VM state after it has "
                    + "an unrecognised layout (global_State at +%d from lua_State, GG_State chunk head 0x%x); "
                    + "not walked", mstate, global - state, reader.u64(state - 8)));
        } else if (reader.u8(state + 5) == 6) {
            warnings.add(String.format(Locale.ROOT, "LuaJIT allocator state at 0x%x looks like a non-GC64 "
                    + "(32-bit GC references) VM; that layout is not supported, not walked", mstate));
        } else {
            warnings.add(String.format(Locale.ROOT, "LuaJIT allocator state at 0x%x without a recognised VM state "
                    + "after it; not walked", mstate));
        }
    }
}
