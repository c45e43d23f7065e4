// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

/**
 * One ELF64 program header ({@code Elf64_Phdr}).
 *
 * @param type {@code p_type}, e.g. {@link #PT_LOAD}
 * @param flags {@code p_flags}: {@link #PF_X}, {@link #PF_W}, {@link #PF_R}
 * @param offset file offset of the segment
 * @param vaddr virtual address
 * @param fileSizeBytes bytes present in the file
 * @param memSizeBytes bytes in memory (the rest past {@code fileSizeBytes} is zero or, in cores, not dumped)
 * @param align alignment
 */
public record ProgramHeader(int type, int flags, long offset, long vaddr, long fileSizeBytes, long memSizeBytes,
        long align) {
    /** Loadable segment. */
    public static final int PT_LOAD = 1;
    /** Note segment. */
    public static final int PT_NOTE = 4;
    /** Executable. */
    public static final int PF_X = 1;
    /** Writable. */
    public static final int PF_W = 2;
    /** Readable. */
    public static final int PF_R = 4;

    /** True if {@code address} lies in {@code [vaddr, vaddr+memSize)}. */
    public boolean containsVaddr(long address) {
        return Long.compareUnsigned(address, vaddr) >= 0 && Long.compareUnsigned(address - vaddr, memSizeBytes) < 0;
    }

    /** The three permission characters {@code rwx} from {@code p_flags}. */
    public String permissionChars() {
        return ((flags & PF_R) != 0 ? "r" : "-") + ((flags & PF_W) != 0 ? "w" : "-") + ((flags & PF_X) != 0 ? "x" : "-");
    }
}
