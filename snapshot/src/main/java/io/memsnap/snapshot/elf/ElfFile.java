// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.elf;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.memory.Bytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A 64-bit little-endian ELF file (executable, shared object, debug file or core) read with positional, bounds-checked
 * reads: headers, program headers, sections, symbol tables, notes, build-id and debuglink. Anything else (32-bit,
 * big-endian, not ELF) and every corrupt offset gives {@link MemsnapException.Kind#BAD_INPUT} with the path and byte
 * offset. Headers are parsed at open; symbol tables on request. Confined to one thread; close it to release the file.
 */
public final class ElfFile implements AutoCloseable {
    /** Core file type. */
    public static final int ET_CORE = 4;
    /** x86-64 machine. */
    public static final int EM_X86_64 = 62;
    private static final int EHDR_SIZE = 64;
    private static final int PHDR_SIZE = 56;
    private static final int SHDR_SIZE = 64;
    private static final int MAX_HEADERS = 1 << 20;

    private final FileBytes file;
    private final int type;
    private final int machine;
    private final long entry;
    private final List<ProgramHeader> programHeaders;
    private final List<Section> sections;

    private ElfFile(FileBytes file, int type, int machine, long entry, List<ProgramHeader> phdrs,
            List<Section> sections) {
        this.file = file;
        this.type = type;
        this.machine = machine;
        this.entry = entry;
        this.programHeaders = List.copyOf(phdrs);
        this.sections = List.copyOf(sections);
    }

    /** Opens and parses the headers of {@code path}. */
    public static ElfFile open(Path path) {
        FileBytes f = FileBytes.open(path);
        try {
            return parse(f);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private static ElfFile parse(FileBytes f) {
        if (f.sizeBytes() < EHDR_SIZE) {
            throw f.bad(f.sizeBytes(), "shorter than an ELF64 header (" + f.sizeBytes() + " bytes)");
        }
        byte[] h = f.read(0, EHDR_SIZE, "ELF header");
        if (h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') {
            throw f.bad(0, "not an ELF file (no \\x7fELF magic)");
        }
        if (h[4] != 2) {
            throw f.bad(4, "only 64-bit ELF is supported (EI_CLASS=" + h[4] + ")");
        }
        if (h[5] != 1) {
            throw f.bad(5, "only little-endian ELF is supported (EI_DATA=" + h[5] + ")");
        }
        long phoff = Bytes.i64(h, 32);
        long shoff = Bytes.i64(h, 40);
        int phentsize = Bytes.u16(h, 54);
        int phnum = Bytes.u16(h, 56);
        int shentsize = Bytes.u16(h, 58);
        int shnum = Bytes.u16(h, 60);
        int shstrndx = Bytes.u16(h, 62);
        byte[] sh0 = null;
        if (shoff != 0) {
            checkEntrySize(f, 58, shentsize, SHDR_SIZE, "e_shentsize");
            sh0 = f.read(shoff, SHDR_SIZE, "section header 0");
            // extended numbering: the real counts live in section header 0
            if (shnum == 0) {
                shnum = (int) Math.min(Bytes.i64(sh0, 32), Integer.MAX_VALUE);
            }
            if (shstrndx == 0xffff) {
                shstrndx = (int) Bytes.u32(sh0, 40);
            }
        }
        if (phnum == 0xffff && sh0 != null) {
            phnum = (int) Bytes.u32(sh0, 44);
        }
        if (phnum > 0) {
            checkEntrySize(f, 54, phentsize, PHDR_SIZE, "e_phentsize");
        }
        if (phnum > MAX_HEADERS || shnum > MAX_HEADERS) {
            throw f.bad(56, "implausible header count (phnum " + phnum + ", shnum " + shnum + ")");
        }
        List<ProgramHeader> phdrs = parseProgramHeaders(f.read(phoff, (long) phnum * PHDR_SIZE, "program headers"),
                phnum);
        List<Section> sections = shoff == 0 ? List.of() : SectionTable.parse(f, shoff, shnum, shstrndx);
        return new ElfFile(f, Bytes.u16(h, 16), Bytes.u16(h, 18), Bytes.i64(h, 24), phdrs, sections);
    }

    private static void checkEntrySize(FileBytes f, long at, int actual, int expected, String field) {
        if (actual != expected) {
            throw f.bad(at, field + " is " + actual + ", expected " + expected);
        }
    }

    /** Decodes {@code count} Elf64_Phdr entries. Pure. */
    static List<ProgramHeader> parseProgramHeaders(byte[] b, int count) {
        List<ProgramHeader> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int o = i * PHDR_SIZE;
            out.add(new ProgramHeader(Bytes.i32(b, o), Bytes.i32(b, o + 4), Bytes.i64(b, o + 8), Bytes.i64(b, o + 16),
                    Bytes.i64(b, o + 32), Bytes.i64(b, o + 40), Bytes.i64(b, o + 48)));
        }
        return out;
    }

    /** The file this was read from. */
    public Path path() {
        return file.path();
    }

    /** File size in bytes. */
    public long sizeBytes() {
        return file.sizeBytes();
    }

    /** {@code e_type}: 2 executable, 3 shared object/PIE, 4 core. */
    public int type() {
        return type;
    }

    /** {@code e_machine}, {@link #EM_X86_64} on our targets. */
    public int machine() {
        return machine;
    }

    /** {@code e_entry}. */
    public long entry() {
        return entry;
    }

    /** Program headers in file order. */
    public List<ProgramHeader> programHeaders() {
        return programHeaders;
    }

    /** Section headers in file order (index 0 is the null section), empty if the file has none. */
    public List<Section> sections() {
        return sections;
    }

    /** The first section called {@code name}. */
    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The file bytes of section {@code name}; empty if absent or {@code SHT_NOBITS} (e.g. in a debug file).
     *
     * @throws MemsnapException UNSUPPORTED for {@code SHF_COMPRESSED} sections, which memsnap does not inflate
     */
    public Optional<byte[]> sectionBytes(String name) {
        Optional<Section> s = section(name).filter(x -> x.type() != Section.SHT_NOBITS);
        if (s.isPresent() && (s.get().flags() & Section.SHF_COMPRESSED) != 0) {
            throw new MemsnapException(MemsnapException.Kind.UNSUPPORTED,
                    file.path() + ": section " + name + " is compressed (SHF_COMPRESSED)");
        }
        return s.map(x -> file.read(x.offset(), x.sizeBytes(), "section " + name));
    }

    /** Reads raw file bytes, bounds-checked. */
    public byte[] readFile(long offset, long length) {
        return file.read(offset, length, "data");
    }

    /** {@code .dynsym} resolved against {@code .dynstr} (its {@code sh_link}); empty if absent. */
    public List<ElfSymbol> dynamicSymbols() {
        return SymbolTables.read(this, file, Section.SHT_DYNSYM);
    }

    /** {@code .symtab} resolved against {@code .strtab}; empty if stripped. */
    public List<ElfSymbol> symbols() {
        return SymbolTables.read(this, file, Section.SHT_SYMTAB);
    }

    /** Every note of every PT_NOTE segment, or of every SHT_NOTE section if there are no program headers. */
    public List<ElfNote> notes() {
        List<ElfNote> out = new ArrayList<>();
        for (ProgramHeader p : programHeaders) {
            if (p.type() == ProgramHeader.PT_NOTE) {
                out.addAll(ElfNotes.parse(file, p.offset(), p.fileSizeBytes(), p.align() == 8 ? 8 : 4));
            }
        }
        if (programHeaders.isEmpty() || type == ET_CORE && out.isEmpty()) {
            for (Section s : sections) {
                if (s.type() == Section.SHT_NOTE) {
                    out.addAll(ElfNotes.parse(file, s.offset(), s.sizeBytes(), 4));
                }
            }
        }
        return out;
    }

    /** The GNU build-id as lowercase hex, as {@code file} and {@code readelf -n} print it. */
    public Optional<String> buildId() {
        return notes().stream().filter(n -> n.type() == ElfNote.NT_GNU_BUILD_ID && n.name().equals("GNU"))
                .findFirst().map(n -> HexFormat.of().formatHex(n.descriptor()));
    }

    /** The {@code .gnu_debuglink} name and CRC, if present. */
    public Optional<DebugLink> debugLink() {
        Optional<Section> s = section(".gnu_debuglink");
        if (s.isEmpty()) {
            return Optional.empty();
        }
        byte[] b = sectionBytes(".gnu_debuglink").orElse(new byte[0]);
        int nul = 0;
        while (nul < b.length && b[nul] != 0) {
            nul++;
        }
        int crcAt = (nul + 4) & ~3;
        if (nul == 0 || crcAt + 4 > b.length) {
            throw file.bad(s.get().offset(), ".gnu_debuglink has no name or no CRC");
        }
        return Optional.of(new DebugLink(new String(b, 0, nul, StandardCharsets.UTF_8), Bytes.u32(b, crcAt)));
    }

    /** The lowest {@code p_vaddr} of the PT_LOAD segments, rounded down to its alignment (0 if none). */
    public long minLoadVaddr() {
        return programHeaders.stream().filter(p -> p.type() == ProgramHeader.PT_LOAD)
                .mapToLong(p -> p.align() > 1 && Long.bitCount(p.align()) == 1 ? p.vaddr() & -p.align() : p.vaddr())
                .min().orElse(0);
    }

    /**
     * Reads {@code length} bytes at link-time virtual address {@code vaddr} from the file through the PT_LOAD that
     * contains it; bytes past {@code p_filesz} (.bss) read as zero.
     *
     * @throws MemsnapException BAD_INPUT if no PT_LOAD covers the whole range
     */
    public byte[] readVirtual(long vaddr, int length) {
        for (ProgramHeader p : programHeaders) {
            if (p.type() == ProgramHeader.PT_LOAD && p.containsVaddr(vaddr)
                    && (length == 0 || p.containsVaddr(vaddr + length - 1))) {
                byte[] out = new byte[length];
                long rel = vaddr - p.vaddr();
                long inFile = Math.max(0, Math.min(length, p.fileSizeBytes() - rel));
                if (inFile > 0) {
                    System.arraycopy(file.read(p.offset() + rel, inFile, "segment data"), 0, out, 0, (int) inFile);
                }
                return out;
            }
        }
        throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, String.format(Locale.ROOT,
                "%s: no PT_LOAD segment covers 0x%x..+%d", file.path(), vaddr, length));
    }

    /**
     * Reads a NUL-terminated UTF-8 string at link-time address {@code vaddr}: at most {@code maxLength} bytes, and
     * never past the end of the segment holding {@code vaddr}.
     */
    public String stringAtVirtual(long vaddr, int maxLength) {
        for (ProgramHeader p : programHeaders) {
            if (p.type() == ProgramHeader.PT_LOAD && p.containsVaddr(vaddr)) {
                int n = (int) Math.min(maxLength, p.memSizeBytes() - (vaddr - p.vaddr()));
                byte[] b = readVirtual(vaddr, n);
                int len = 0;
                while (len < b.length && b[len] != 0) {
                    len++;
                }
                return new String(b, 0, len, StandardCharsets.UTF_8);
            }
        }
        throw new MemsnapException(MemsnapException.Kind.BAD_INPUT,
                String.format(Locale.ROOT, "%s: no PT_LOAD segment covers 0x%x", file.path(), vaddr));
    }

    @Override
    public void close() {
        file.close();
    }
}
