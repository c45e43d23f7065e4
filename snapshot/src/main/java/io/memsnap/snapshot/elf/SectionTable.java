// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import io.memsnap.snapshot.memory.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the section header table and resolves section names. Stateless. */
final class SectionTable {
    private static final int SHDR_SIZE = 64;

    private SectionTable() {}

    static List<Section> parse(FileBytes f, long shoff, int shnum, int shstrndx) {
        byte[] t = f.read(shoff, (long) shnum * SHDR_SIZE, "section headers");
        if (shnum > 0 && (shstrndx < 0 || shstrndx >= shnum)) {
            throw f.bad(62, "e_shstrndx " + shstrndx + " is not a section index (shnum " + shnum + ")");
        }
        byte[] names = new byte[0];
        if (shnum > 0 && shstrndx != 0) {
            int o = shstrndx * SHDR_SIZE;
            names = f.read(Bytes.i64(t, o + 24), Bytes.i64(t, o + 32), "section name table");
        }
        List<Section> out = new ArrayList<>(shnum);
        for (int i = 0; i < shnum; i++) {
            int o = i * SHDR_SIZE;
            String name = string(f, names, Bytes.u32(t, o), shoff + o);
            out.add(new Section(name, Bytes.i32(t, o + 4), Bytes.i64(t, o + 8), Bytes.i64(t, o + 16),
                    Bytes.i64(t, o + 24), Bytes.i64(t, o + 32), Bytes.i32(t, o + 40), Bytes.i64(t, o + 56)));
        }
        return out;
    }

    /** The NUL-terminated string at {@code index} of a string table; {@code where} names the referring offset. */
    static String string(FileBytes f, byte[] table, long index, long where) {
        if (index == 0 && table.length == 0) {
            return "";
        }
        if (index < 0 || index >= table.length) {
            throw f.bad(where, "string index " + index + " outside its string table (" + table.length + " bytes)");
        }
        int end = (int) index;
        while (end < table.length && table[end] != 0) {
            end++;
        }
        return new String(table, (int) index, end - (int) index, StandardCharsets.UTF_8);
    }
}
