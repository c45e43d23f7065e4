// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.core;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.elf.ElfNote;
import io.memsnap.snapshot.memory.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the process notes of an x86-64 Linux core: NT_FILE, NT_AUXV, NT_PRPSINFO and NT_PRSTATUS (layouts from
 * the kernel's {@code include/uapi/linux/elfcore.h} and {@code fs/binfmt_elf.c}). Pure and stateless.
 */
final class CoreNotes {
    /** auxv type: entry point of the executable. */
    static final long AT_ENTRY = 9;
    /** auxv type: base of the vDSO ELF image. */
    static final long AT_SYSINFO_EHDR = 33;
    /** auxv type: address of the 16 random bytes on the initial stack. */
    static final long AT_RANDOM = 25;
    /** auxv type: address of the executable's file name string on the initial stack. */
    static final long AT_EXECFN = 31;
    private static final int PRPSINFO_SIZE = 136;
    private static final int PRSTATUS_PID = 32;
    private static final int PRSTATUS_RSP = 112 + 19 * 8;

    private CoreNotes() {}

    /**
     * One NT_FILE entry: a file-backed mapping.
     *
     * @param start first address
     * @param end address past the end
     * @param offset file offset of {@code start} in bytes
     * @param path the file as the kernel or gdb named it (may end in {@code (deleted)})
     */
    record FileEntry(long start, long end, long offset, String path) {
        boolean contains(long address) {
            return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0;
        }
    }

    /** Decodes NT_FILE: count, page size, count × (start, end, page offset), then count NUL-terminated names. */
    static List<FileEntry> parseFiles(ElfNote note) {
        byte[] d = note.descriptor();
        if (d.length < 16) {
            throw bad(note, "NT_FILE shorter than its header");
        }
        long count = Bytes.i64(d, 0);
        long pageSize = Bytes.i64(d, 8);
        if (count < 0 || count > (d.length - 16) / 24 || pageSize <= 0 || pageSize > (1L << 30)) {
            throw bad(note, "NT_FILE count " + count + " / page size " + pageSize + " do not fit the note");
        }
        List<FileEntry> out = new ArrayList<>();
        int names = 16 + (int) count * 24;
        for (int i = 0; i < count; i++) {
            int o = 16 + i * 24;
            int end = names;
            while (end < d.length && d[end] != 0) {
                end++;
            }
            if (end >= d.length && i < count - 1) {
                throw bad(note, "NT_FILE has fewer names than entries");
            }
            String path = new String(d, names, end - names, StandardCharsets.UTF_8);
            out.add(new FileEntry(Bytes.i64(d, o), Bytes.i64(d, o + 8), Bytes.i64(d, o + 16) * pageSize, path));
            names = end + 1;
        }
        return out;
    }

    /** Decodes NT_AUXV into type → value (first occurrence wins). */
    static Map<Long, Long> parseAuxv(ElfNote note) {
        byte[] d = note.descriptor();
        Map<Long, Long> out = new HashMap<>();
        for (int o = 0; o + 16 <= d.length; o += 16) {
            long type = Bytes.i64(d, o);
            if (type == 0) {
                break;
            }
            out.putIfAbsent(type, Bytes.i64(d, o + 8));
        }
        return out;
    }

    /** The thread id of an NT_PRSTATUS note ({@code pr_pid} after siginfo, cursig and the two signal masks). */
    static int prstatusPid(ElfNote note) {
        byte[] d = note.descriptor();
        if (d.length < PRSTATUS_PID + 4) {
            throw bad(note, "NT_PRSTATUS too short (" + d.length + " bytes)");
        }
        return Bytes.i32(d, PRSTATUS_PID);
    }

    /**
     * The user stack pointer of an NT_PRSTATUS note: {@code pr_reg} (struct user_regs_struct) starts at byte 112 of
     * {@code struct elf_prstatus} on x86-64, and {@code rsp} is its 20th register (r15 … orig_rax, rip, cs, eflags,
     * rsp). Empty if the note is too short.
     */
    static Optional<Long> prstatusStackPointer(ElfNote note) {
        byte[] d = note.descriptor();
        return d.length < PRSTATUS_RSP + 8 ? Optional.empty() : Optional.of(Bytes.i64(d, PRSTATUS_RSP));
    }

    /** pid, ppid, comm and psargs from NT_PRPSINFO ({@code struct elf_prpsinfo}, 136 bytes on x86-64). */
    static CoreFacts parsePrpsinfo(ElfNote note, Optional<String> exe, int threads) {
        byte[] d = note.descriptor();
        if (d.length < PRPSINFO_SIZE) {
            throw bad(note, "NT_PRPSINFO is " + d.length + " bytes, expected " + PRPSINFO_SIZE);
        }
        return new CoreFacts(Bytes.i32(d, 24), Bytes.i32(d, 28), cString(d, 40, 16), cString(d, 56, 80).trim(), exe,
                threads);
    }

    private static String cString(byte[] d, int off, int max) {
        int end = off;
        while (end < off + max && d[end] != 0) {
            end++;
        }
        return new String(d, off, end - off, StandardCharsets.UTF_8);
    }

    private static MemsnapException bad(ElfNote note, String why) {
        return new MemsnapException(MemsnapException.Kind.BAD_INPUT, String.format(Locale.ROOT,
                "core note at byte offset %d (0x%x): %s", note.descriptorOffset(), note.descriptorOffset(), why));
    }
}
