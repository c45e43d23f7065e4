// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import io.memsnap.snapshot.memory.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits a note segment or section into {@link ElfNote}s. Stateless. */
final class ElfNotes {
    private ElfNotes() {}

    /** Parses the notes in {@code [offset, offset+size)}; {@code align} is 4, or 8 for 8-aligned note segments. */
    static List<ElfNote> parse(FileBytes f, long offset, long size, int align) {
        byte[] b = f.read(offset, size, "notes");
        List<ElfNote> out = new ArrayList<>();
        long p = 0;
        while (p + 12 <= b.length) {
            long nameSize = Bytes.u32(b, (int) p);
            long descSize = Bytes.u32(b, (int) p + 4);
            int type = Bytes.i32(b, (int) p + 8);
            long nameAt = p + 12;
            long descAt = pad(nameAt + nameSize, align);
            long next = pad(descAt + descSize, align);
            if (nameAt + nameSize > b.length || descAt + descSize > b.length) {
                throw f.bad(offset + p, "note runs past the end of its segment");
            }
            int nameLen = (int) nameSize;
            while (nameLen > 0 && b[(int) nameAt + nameLen - 1] == 0) {
                nameLen--;
            }
            String name = new String(b, (int) nameAt, nameLen, StandardCharsets.UTF_8);
            out.add(new ElfNote(name, type, offset + descAt,
                    Arrays.copyOfRange(b, (int) descAt, (int) (descAt + descSize))));
            p = next;
        }
        return out;
    }

    private static long pad(long v, int align) {
        return (v + align - 1) & -(long) align;
    }
}
