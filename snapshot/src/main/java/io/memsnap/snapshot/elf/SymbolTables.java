// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import io.memsnap.snapshot.memory.Bytes;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code .symtab} / {@code .dynsym} and their string tables. Stateless. */
final class SymbolTables {
    private static final int SYM_SIZE = 24;

    private SymbolTables() {}

    /** All symbols of the first section of {@code sectionType}, names resolved through its {@code sh_link}. */
    static List<ElfSymbol> read(ElfFile elf, FileBytes f, int sectionType) {
        List<Section> sections = elf.sections();
        for (Section s : sections) {
            if (s.type() != sectionType) {
                continue;
            }
            if (s.link() <= 0 || s.link() >= sections.size()) {
                throw f.bad(s.offset(), s.name() + " links to string table " + s.link() + ", not a section");
            }
            Section strtab = sections.get(s.link());
            if (((s.flags() | strtab.flags()) & Section.SHF_COMPRESSED) != 0) {
                return List.of(); // never seen for symbol tables; treat as absent rather than misread
            }
            byte[] strings = strtab.type() == Section.SHT_NOBITS ? new byte[0]
                    : f.read(strtab.offset(), strtab.sizeBytes(), "string table " + strtab.name());
            byte[] syms = f.read(s.offset(), s.sizeBytes(), "symbol table " + s.name());
            return parse(f, syms, strings, s.offset());
        }
        return List.of();
    }

    /** Decodes Elf64_Sym entries; {@code base} is the table's file offset for error messages. */
    static List<ElfSymbol> parse(FileBytes f, byte[] syms, byte[] strings, long base) {
        int n = syms.length / SYM_SIZE;
        List<ElfSymbol> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int o = i * SYM_SIZE;
            int info = syms[o + 4] & 0xff;
            String name = SectionTable.string(f, strings, Bytes.u32(syms, o), base + o);
            out.add(new ElfSymbol(name, Bytes.i64(syms, o + 8), Bytes.i64(syms, o + 16), info & 0xf, info >>> 4,
                    Bytes.u16(syms, o + 6)));
        }
        return out;
    }
}
