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

    /** Pool address to the file whose writable segment points at it; {@code pools} sorted ascending. */
    static Map<Long, Reference> find(Memory memory, Symbolizer symbols, long[] pools, List<String> warnings) {
        Map<Long, Reference> out = new HashMap<>();
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
                            m.baseName(), pools, out);
                }
            }
        }
        return out;
    }

    private static void scan(Memory memory, long start, long length, long bssStart, String file, long[] pools,
            Map<Long, Reference> out) {
        long from = (start + 7) & ~7L;
        long end = start + length;
        byte[] b = new byte[READ_BYTES];
        for (long at = from; at < end; at += READ_BYTES) {
            int n = (int) Math.min(READ_BYTES, end - at) & ~7;
            try {
                memory.read(at, b, 0, n);
            } catch (UnreadableMemoryException e) {
                continue;
            }
            for (int off = 0; off < n; off += 8) {
                long word = Bytes.i64(b, off);
                if (word != 0 && Arrays.binarySearch(pools, word) >= 0) {
                    Reference r = new Reference(file, at + off >= bssStart);
                    Reference had = out.get(word);
                    if (had == null || !had.file().contains(".so") && file.contains(".so")) {
                        out.put(word, r);
                    }
                }
            }
        }
    }
}
