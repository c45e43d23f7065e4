// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

/**
 * One ELF64 section header ({@code Elf64_Shdr}) with its name resolved.
 *
 * @param name the name from the section header string table
 * @param type {@code sh_type}
 * @param flags {@code sh_flags}
 * @param addr virtual address when loaded, 0 if not allocated
 * @param offset file offset
 * @param sizeBytes section size
 * @param link {@code sh_link}
 * @param entrySizeBytes {@code sh_entsize}
 */
public record Section(String name, int type, long flags, long addr, long offset, long sizeBytes, int link,
        long entrySizeBytes) {
    /** Section occupies no file space (.bss). */
    public static final int SHT_NOBITS = 8;
    /** Symbol table. */
    public static final int SHT_SYMTAB = 2;
    /** Dynamic symbol table. */
    public static final int SHT_DYNSYM = 11;
    /** Section flag: the content is zlib/zstd compressed behind an Elf64_Chdr. */
    public static final long SHF_COMPRESSED = 0x800;
    /** Note section. */
    public static final int SHT_NOTE = 7;
}
