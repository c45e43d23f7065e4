// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.elf.ElfFile;
import io.memsnap.snapshot.elf.ProgramHeader;
import io.memsnap.snapshot.elf.Symbolizer;
import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who points at a pool head from static storage: scans the writable PT_LOAD segments (.data, .bss and the rest of
 * the RW segment) of nginx and of every loaded module for aligned words equal to a pool address. A module's own
 * variable holding a pool names that module even when its file is stripped. When a pool is referenced from several
 * files, a shared object (a module) wins over the executable. Confined to one thread.
 */
final class DataReferences {
    private static final int READ_BYTES = 64 * 1024;
    private static final long MAX_SEGMENT_BYTES = 256L << 20;

    /** A referencing file: its base name and whether the word sits in .bss (past the file-backed bytes). */
    record Reference(String file, boolean bss) {}

    private DataReferences() {}

    /**
     * Per pool (index into {@code pools}, sorted ascending), the file whose writable segment points at it, or null.
     * Equal references are one object, so a pool costs one array slot.
     */
    static Reference[] find(Memory memory, Symbolizer symbols, long[] pools, List<String> warnings) {
        Reference[] out = new Reference[pools.length];
        Map<Reference, Reference> shared = new HashMap<>();
        for (Symbolizer.Module m : symbols.modules()) {
            if (m.file().isEmpty() || m.baseName().startsWith("libc.so") || m.baseName().startsWith("ld-linux")) {
                continue;
            }
            long bias = symbols.loadBias(m).orElse(Long.MIN_VALUE);
            if (bias == Long.MIN_VALUE) {
                continue;
            }
            List<ProgramHeader> headers;
            try (ElfFile elf = ElfFile.open(m.file().get())) {
                headers = elf.programHeaders();
            } catch (MemsnapException e) {
                warnings.add("cannot read the program headers of " + m.path() + ": " + e.getMessage());
                continue;
            }
            for (ProgramHeader h : headers) {
                if (h.type() == ProgramHeader.PT_LOAD && (h.flags() & ProgramHeader.PF_W) != 0
                        && h.memSizeBytes() <= MAX_SEGMENT_BYTES) {
                    scan(memory, h.vaddr() + bias, h.memSizeBytes(), h.vaddr() + bias + h.fileSizeBytes(),
                            m.baseName(), pools, out, shared);
                }
            }
        }
        return out;
    }

    private static void scan(Memory memory, long start, long length, long bssStart, String file, long[] pools,
            Reference[] out, Map<Reference, Reference> shared) {
        if (pools.length == 0) {
            return;
        }
        long low = pools[0];
        long high = pools[pools.length - 1];
        int next = 0; // a module's array of pools is mostly in creation (address) order: try the next one first
        long from = (start + 7) & ~7L;
        long end = start + length;
        byte[] b = new byte[READ_BYTES];
        // the two references this segment can make, shared with equal ones of other segments
        Reference inData = shared.computeIfAbsent(new Reference(file, false), x -> x);
        Reference inBss = shared.computeIfAbsent(new Reference(file, true), x -> x);
        boolean module = file.contains(".so");
        for (long at = from; at < end; at += READ_BYTES) {
            int n = (int) Math.min(READ_BYTES, end - at) & ~7;
            try {
                memory.read(at, b, 0, n);
            } catch (UnreadableMemoryException e) {
                continue;
            }
            for (int off = 0; off < n; off += 8) {
                long word = Bytes.i64(b, off);
                int i = word < low || word > high || (word & 15) != 0 ? -1
                        : next < pools.length && pools[next] == word ? next : Arrays.binarySearch(pools, word);
                if (i >= 0) {
                    next = i + 1;
                    Reference had = out[i];
                    if (had == null || module && !had.file().contains(".so")) {
                        out[i] = at + off >= bssStart ? inBss : inData;
                    }
                }
            }
        }
    }
}
