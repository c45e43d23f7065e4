// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import java.util.Objects;

/**
 * One entry of {@code .symtab} or {@code .dynsym}.
 *
 * @param name symbol name without version suffix
 * @param value {@code st_value}: the link-time virtual address for defined symbols
 * @param sizeBytes {@code st_size}
 * @param type {@code ELF64_ST_TYPE}: {@link #STT_OBJECT}, {@link #STT_FUNC}, ...
 * @param bind {@code ELF64_ST_BIND}: 0 local, 1 global, 2 weak
 * @param sectionIndex {@code st_shndx}, 0 for undefined symbols
 */
public record ElfSymbol(String name, long value, long sizeBytes, int type, int bind, int sectionIndex) {
    /** Data object. */
    public static final int STT_OBJECT = 1;
    /** Function. */
    public static final int STT_FUNC = 2;
    /** Section symbol. */
    public static final int STT_SECTION = 3;
    /** Source file symbol. */
    public static final int STT_FILE = 4;
    /** Thread-local data; its value is an offset in the TLS block, not an address. */
    public static final int STT_TLS = 6;
    /** GNU indirect function. */
    public static final int STT_GNU_IFUNC = 10;

    public ElfSymbol {
        Objects.requireNonNull(name, "name");
    }

    /** True if the symbol is defined in this file and names an address (not a file, section or TLS symbol). */
    public boolean definedAddress() {
        return sectionIndex != 0 && !name.isEmpty() && type != STT_FILE && type != STT_SECTION && type != STT_TLS;
    }
}
