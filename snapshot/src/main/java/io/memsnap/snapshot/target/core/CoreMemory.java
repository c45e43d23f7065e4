// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.core;

import io.memsnap.snapshot.elf.FileBytes;
import io.memsnap.snapshot.elf.ProgramHeader;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Memory of a core file: bytes inside a PT_LOAD's {@code p_filesz} come from the core; bytes the writer did not
 * dump (past {@code p_filesz}, or whole read-only file mappings gcore leaves out) come from the NT_FILE backing file
 * at the matching offset when that file was verified; anything else is unreadable. The vsyscall page is never
 * readable (gdb cannot read it either; the core holds a placeholder). Confined to one thread.
 */
final class CoreMemory implements Memory {
    static final long VSYSCALL = 0xffffffffff600000L;
    private static final long PAGE = 4096;

    private final FileBytes core;
    private final List<ProgramHeader> loads;
    private final List<CoreNotes.FileEntry> files;
    private final Map<String, BackingFile> backing;

    /**
     * @param loads PT_LOAD headers, already checked to lie inside the core
     * @param backing verified backing files by NT_FILE path
     */
    CoreMemory(FileBytes core, List<ProgramHeader> loads, List<CoreNotes.FileEntry> files,
            Map<String, BackingFile> backing) {
        this.core = core;
        this.loads = loads.stream().sorted(Comparator.comparing(ProgramHeader::vaddr, Long::compareUnsigned)).toList();
        this.files = List.copyOf(files);
        this.backing = Map.copyOf(backing);
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) {
        int done = 0;
        while (done < length) {
            int n = readSome(address + done, dst, offset + done, length - done);
            if (n <= 0) {
                throw new UnreadableMemoryException(address, length,
                        String.format(Locale.ROOT, "0x%x is not in the core nor in a readable mapped file",
                                address + done));
            }
            done += n;
        }
    }

    /** Reads what one segment or file can give at {@code a}; 0 if nothing can. */
    private int readSome(long a, byte[] dst, int off, int len) {
        if (Long.compareUnsigned(a, VSYSCALL) >= 0 && Long.compareUnsigned(a, VSYSCALL + PAGE) < 0) {
            return 0;
        }
        ProgramHeader p = loadAt(a);
        if (p != null && a - p.vaddr() < p.fileSizeBytes()) {
            int n = (int) Math.min(len, p.fileSizeBytes() - (a - p.vaddr()));
            core.readFully(p.offset() + (a - p.vaddr()), dst, off, n);
            return n;
        }
        for (CoreNotes.FileEntry f : files) {
            BackingFile b = f.contains(a) ? backing.get(f.path()) : null;
            if (b != null) {
                return readFile(b.bytes(), f.offset() + (a - f.start()), (int) Math.min(len, f.end() - a), dst, off);
            }
        }
        return 0;
    }

    /** Reads from a mapped file; the tail of the page holding end-of-file reads as zeros, as in the process. */
    private static int readFile(FileBytes file, long pos, int len, byte[] dst, int off) {
        long size = file.sizeBytes();
        if (pos < size) {
            int n = (int) Math.min(len, size - pos);
            file.readFully(pos, dst, off, n);
            return n;
        }
        long pageEnd = (size + PAGE - 1) & -PAGE;
        if (pos < pageEnd) {
            int n = (int) Math.min(len, pageEnd - pos);
            java.util.Arrays.fill(dst, off, off + n, (byte) 0);
            return n;
        }
        return 0;
    }

    private ProgramHeader loadAt(long a) {
        int lo = 0;
        int hi = loads.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            ProgramHeader p = loads.get(mid);
            if (Long.compareUnsigned(a, p.vaddr()) < 0) {
                hi = mid - 1;
            } else if (p.containsVaddr(a)) {
                return p;
            } else {
                lo = mid + 1;
            }
        }
        return null;
    }
}
