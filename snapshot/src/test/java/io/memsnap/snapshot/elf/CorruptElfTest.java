// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.MemsnapException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated, patched and fuzzed copies of a real ELF file give BAD_INPUT with path and offset, nothing else. */
class CorruptElfTest {
    static final Path LUAJIT = Path.of(ElfFileTest.LUAJIT);

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private static MemsnapException badInput(Path p) {
        MemsnapException e = assertThrows(MemsnapException.class, () -> {
            try (ElfFile elf = ElfFile.open(p)) {
                exercise(elf);
            }
        });
        assertEquals(MemsnapException.Kind.BAD_INPUT, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        return e;
    }

    /** Calls every reader method, as the symbolizer and glibc code would. */
    private static void exercise(ElfFile elf) {
        elf.dynamicSymbols();
        elf.symbols();
        elf.notes();
        elf.buildId();
        elf.debugLink();
        elf.sectionBytes(".data");
        for (Section s : elf.sections()) {
            if (s.addr() != 0 && s.type() != Section.SHT_NOBITS && s.sizeBytes() < 4096) {
                elf.readVirtual(s.addr(), (int) s.sizeBytes());
                elf.stringAtVirtual(s.addr(), 64);
            }
        }
    }

    /**
     * What a corrupt file yields when it parses: every byte handed out comes from inside the file, and no table
     * has more entries than its section can hold.
     */
    private static void assertParsedWithinFile(ElfFile elf, long fileBytes) {
        assertEquals(fileBytes, elf.sizeBytes());
        for (ElfNote n : elf.notes()) {
            assertTrue(n.descriptorOffset() >= 0 && n.descriptorOffset() + n.descriptor().length <= fileBytes,
                    "note descriptor at " + n.descriptorOffset() + " (+" + n.descriptor().length + ") outside "
                            + fileBytes + " bytes");
        }
        for (Section s : elf.sections()) {
            elf.sectionBytes(s.name()).ifPresent(bytes -> {
                assertTrue(bytes.length <= fileBytes, s + ": " + bytes.length + " bytes from a " + fileBytes
                        + "-byte file");
                assertTrue(s.offset() >= 0 && s.offset() + bytes.length <= fileBytes, s + " read outside the file");
            });
        }
        elf.section(".dynsym").ifPresent(s -> assertTrue(elf.dynamicSymbols().size() <= s.sizeBytes() / 24,
                elf.dynamicSymbols().size() + " dynamic symbols from " + s));
        elf.section(".symtab").ifPresent(s -> assertTrue(elf.symbols().size() <= s.sizeBytes() / 24,
                elf.symbols().size() + " symbols from " + s));
    }

    @Test
    void truncatedFileNamesPathAndOffset() throws Exception {
        byte[] orig = Files.readAllBytes(LUAJIT);
        MemsnapException e = badInput(write("trunc", Arrays.copyOf(orig, 40_000)));
        assertTrue(e.getMessage().contains("byte offset"), e.getMessage());
        badInput(write("tiny", Arrays.copyOf(orig, 30)));
        badInput(write("empty", new byte[0]));
    }

    @Test
    void badHeaderFieldsAreRejected() throws Exception {
        byte[] orig = Files.readAllBytes(LUAJIT);
        byte[] b = orig.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(40, 1L << 40); // e_shoff
        badInput(write("shoff", b));
        b = orig.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(32, -8); // e_phoff
        badInput(write("phoff", b));
        b = orig.clone();
        b[4] = 1; // 32-bit class
        assertTrue(badInput(write("elf32", b)).getMessage().contains("64-bit"));
        b = orig.clone();
        b[5] = 2; // big endian
        assertTrue(badInput(write("be", b)).getMessage().contains("little-endian"));
        b = orig.clone();
        b[0] = 'X';
        badInput(write("notelf", b));
        b = orig.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(62, (short) 9999); // e_shstrndx
        badInput(write("shstrndx", b));
    }

    @Test
    void corruptSectionOffsetsAreRejected() throws Exception {
        byte[] orig = Files.readAllBytes(LUAJIT);
        ByteBuffer h = ByteBuffer.wrap(orig).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = h.getLong(40);
        int shnum = h.getShort(60) & 0xffff;
        try (ElfFile elf = ElfFile.open(LUAJIT)) {
            for (int i = 1; i < shnum; i++) {
                String name = elf.sections().get(i).name();
                if (!name.equals(".dynsym") && !name.equals(".dynstr") && !name.equals(".gnu_debuglink")) {
                    continue;
                }
                byte[] b = orig.clone();
                ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong((int) shoff + i * 64 + 24, 1L << 50);
                badInput(write("sec" + i, b));
            }
        }
    }

    @Test
    void fuzzedHeadersGiveOnlyBadInput() throws Exception {
        byte[] orig = Files.readAllBytes(LUAJIT);
        ByteBuffer h = ByteBuffer.wrap(orig).order(ByteOrder.LITTLE_ENDIAN);
        int shoff = (int) h.getLong(40);
        Random rnd = new Random(42);
        Path p = dir.resolve("fuzz");
        for (int i = 0; i < 300; i++) {
            byte[] b = orig.clone();
            for (int k = 0; k < 4; k++) {
                // flip bytes in the ELF header, program headers, note area or section headers
                int at = rnd.nextBoolean() ? rnd.nextInt(0x400) : shoff + rnd.nextInt(orig.length - shoff);
                b[at] = (byte) rnd.nextInt(256);
            }
            Files.write(p, b);
            try (ElfFile elf = ElfFile.open(p)) {
                exercise(elf);
                assertParsedWithinFile(elf, b.length);
            } catch (MemsnapException e) {
                // a flipped SHF_COMPRESSED flag is refused as UNSUPPORTED; everything else is BAD_INPUT
                assertTrue(e.kind() == MemsnapException.Kind.BAD_INPUT
                        || e.kind() == MemsnapException.Kind.UNSUPPORTED, e.getMessage());
            }
        }
    }
}
