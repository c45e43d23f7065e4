// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.core;

import io.memsnap.snapshot.elf.FileBytes;
import io.memsnap.snapshot.elf.ProgramHeader;
import io.memsnap.snapshot.model.Mapping;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rebuilds the VMA list of a core from its PT_LOAD headers (one per dumped VMA) and NT_FILE entries (one per
 * file-backed VMA, dumped or not). What a core cannot say is filled as follows, and listed in {@link #warnings}:
 * <ul>
 *   <li>PROT_NONE: gdb writes {@code ---p} VMAs as PF_R segments of zeros; in a gdb core an anonymous, read-only,
 *       all-zero segment is shown as {@code ---p} (a genuinely read-only all-zero anonymous VMA would be shown
 *       wrongly; kernel cores keep the real flags);
 *   <li>permissions of a VMA without PT_LOAD (gcore leaves out read-only file mappings such as text): those of the
 *       backing ELF file's PT_LOAD at that offset, else {@code r--p};
 *   <li>shared vs private: neither gdb nor the kernel records it; mappings of {@code /dev/zero (deleted)},
 *       {@code /SYSV*}, {@code /dev/shm/*} and {@code /memfd:*} are shared, everything else private;
 *   <li>pseudo names: {@code [vdso]} from auxv AT_SYSINFO_EHDR, {@code [stack]} for the VMA holding auxv
 *       AT_EXECFN/AT_RANDOM, {@code [vsyscall]} by its fixed address; {@code [heap]} is named later from libc's
 *       {@code __curbrk}; {@code [vvar]} (and {@code [vvar_vclock]}) for the unnamed read-only segments
 *       directly below the vDSO, which only kernel cores contain (gdb leaves them out);
 *   <li>device and inode: from the backing file when it was verified, else {@code 00:00} and 0;
 *   <li>resident sizes: bytes of dumped pages that are not all zero (see {@link CoreProcessImage}).
 * </ul>
 */
final class CoreMappings {
    private static final long PAGE = 4096;

    private final List<String> warnings = new ArrayList<>();

    List<String> warnings() {
        return warnings;
    }

    List<Mapping> build(FileBytes core, List<ProgramHeader> loads, List<CoreNotes.FileEntry> files,
            Map<Long, Long> auxv, Map<String, BackingFile> backing, boolean writtenByGdb) {
        List<Mapping> out = new ArrayList<>();
        int protNone = 0;
        for (ProgramHeader p : loads) {
            long start = p.vaddr();
            long end = start + p.memSizeBytes();
            Optional<CoreNotes.FileEntry> f = files.stream().filter(e -> e.contains(start)).findFirst();
            String path = f.map(CoreNotes.FileEntry::path).orElseGet(() -> pseudoName(start, end, auxv));
            long offset = f.map(e -> e.offset() + (start - e.start())).orElse(0L);
            String perms = path.equals("[vsyscall]") ? "--x" : p.permissionChars();
            long nonZero = nonZeroBytes(core, p);
            if (writtenByGdb && f.isEmpty() && p.flags() == ProgramHeader.PF_R && nonZero == 0
                    && p.fileSizeBytes() == p.memSizeBytes()) {
                // gdb writes PROT_NONE VMAs (guard pages, arena reservations) as readable segments of zeros
                perms = "---";
                protNone++;
            }
            out.add(mapping(start, end, perms, offset, path, f.isPresent() ? backing.get(path) : null, nonZero));
        }
        if (protNone > 0) {
            warnings.add(protNone + " all-zero read-only anonymous segments of this gdb core are shown as ---p "
                    + "(gdb writes PROT_NONE mappings as readable)");
        }
        int guessed = 0;
        for (CoreNotes.FileEntry f : files) {
            if (loads.stream().anyMatch(p -> p.containsVaddr(f.start()))) {
                continue;
            }
            BackingFile b = backing.get(f.path());
            Optional<Long> base = files.stream().filter(e -> e.path().equals(f.path()) && e.offset() == 0)
                    .map(CoreNotes.FileEntry::start).findFirst();
            Optional<String> perms = b == null || base.isEmpty() ? Optional.empty()
                    : b.elfPermissions(f.start() - (base.get() - b.minLoadVaddr()));
            if (perms.isEmpty()) {
                guessed++;
            }
            out.add(mapping(f.start(), f.end(), perms.orElse("r--"), f.offset(), f.path(), b, 0));
        }
        if (guessed > 0) {
            warnings.add(guessed + " file mappings were not dumped and their files are not verified ELF files; "
                    + "their permissions are shown as r--p");
        }
        out.sort(Comparator.comparing(Mapping::start, Long::compareUnsigned));
        return writtenByGdb ? out : nameVvar(out);
    }

    /**
     * Kernel cores dump the vvar pages as unnamed read-only segments right below the vDSO: one ({@code [vvar]}) on
     * older kernels, two ({@code [vvar]}, {@code [vvar_vclock]}) on newer ones (seen on this 6.x dev kernel). gdb cores leave
     * them out, so this runs for kernel cores only.
     */
    static List<Mapping> nameVvar(List<Mapping> sorted) {
        int vdso = -1;
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).path().equals("[vdso]")) {
                vdso = i;
            }
        }
        int first = vdso;
        while (first > 0 && first > vdso - 2) {
            Mapping m = sorted.get(first - 1);
            if (!m.path().isEmpty() || !m.perms().equals("r--p") || m.end() != sorted.get(first).start()) {
                break;
            }
            first--;
        }
        List<Mapping> out = new ArrayList<>(sorted);
        String[] names = vdso - first == 2 ? new String[] {"[vvar]", "[vvar_vclock]"} : new String[] {"[vvar]"};
        for (int i = first; i < vdso; i++) {
            Mapping m = out.get(i);
            out.set(i, new Mapping(m.start(), m.end(), m.perms(), m.offset(), m.device(), m.inode(), names[i - first],
                    m.rssBytes(), m.pssBytes(), 0, m.swapBytes(), 0, 0, m.sharedCleanBytes(), m.sharedDirtyBytes()));
        }
        return out;
    }

    private static Mapping mapping(long start, long end, String rwx, long offset, String path, BackingFile file,
            long residentEstimate) {
        boolean shared = Mapping.sharedMemoryPath(path);
        boolean anon = path.isEmpty() || path.equals("[heap]") || path.equals("[stack]");
        String device = file == null ? "00:00" : file.device().orElse("00:00");
        long inode = file == null ? 0 : file.inode();
        long anonBytes = anon && !shared ? residentEstimate : 0;
        return new Mapping(start, end, rwx + (shared ? "s" : "p"), offset, device, inode, path, residentEstimate,
                residentEstimate, anonBytes, 0, 0, anonBytes, 0, 0);
    }

    private static String pseudoName(long start, long end, Map<Long, Long> auxv) {
        if (start == CoreMemory.VSYSCALL) {
            return "[vsyscall]";
        }
        Long vdso = auxv.get(CoreNotes.AT_SYSINFO_EHDR);
        if (vdso != null && vdso == start) {
            return "[vdso]";
        }
        for (long type : new long[] {CoreNotes.AT_EXECFN, CoreNotes.AT_RANDOM}) {
            Long a = auxv.get(type);
            if (a != null && Long.compareUnsigned(a, start) >= 0 && Long.compareUnsigned(a, end) < 0) {
                return "[stack]";
            }
        }
        return "";
    }

    /** Bytes of the segment's dumped pages that hold at least one non-zero byte. */
    static long nonZeroBytes(FileBytes core, ProgramHeader p) {
        byte[] buf = new byte[1 << 20];
        long total = 0;
        for (long done = 0; done < p.fileSizeBytes(); done += buf.length) {
            int n = (int) Math.min(buf.length, p.fileSizeBytes() - done);
            core.readFully(p.offset() + done, buf, 0, n);
            for (int page = 0; page < n; page += (int) PAGE) {
                int lim = (int) Math.min(n, page + PAGE);
                for (int i = page; i < lim; i++) {
                    if (buf[i] != 0) {
                        total += lim - page;
                        break;
                    }
                }
            }
        }
        return total;
    }
}
