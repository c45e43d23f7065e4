// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.core;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.elf.DebugFiles;
import io.memsnap.snapshot.elf.ElfFile;
import io.memsnap.snapshot.elf.ElfNote;
import io.memsnap.snapshot.elf.FileBytes;
import io.memsnap.snapshot.elf.ProgramHeader;
import io.memsnap.snapshot.elf.Symbolizer;
import io.memsnap.snapshot.memory.CachedMemory;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.PageHeads;
import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.target.ProcessImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An x86-64 Linux core file (from gdb's {@code gcore} or the kernel) as a {@link ProcessImage}.
 *
 * <p>Exact: the address ranges, file paths and file offsets of every VMA the core records (all of them except
 * {@code [vvar]}/{@code [vvar_vclock]}, which neither gdb nor the kernel writes), permissions of dumped VMAs, pid,
 * ppid, comm, and the bytes of every dumped page. Derived: see {@link CoreMappings} (permissions of undumped file
 * mappings, shared flag, pseudo names, device/inode).
 *
 * <p>Residency: a core records no RSS. The mappings'
 * {@code rssBytes}/{@code pssBytes} (and {@code anonymousBytes}/{@code privateDirtyBytes} for private anonymous
 * VMAs) hold an <em>estimate</em>: the bytes of dumped pages that are not entirely zero. For anonymous memory this
 * equals the live Rss except for pages the process touched but left all-zero (counted live, not here) and pages that
 * were swapped out (not counted live, counted here). File mappings gcore did not dump count 0; dumped file pages count
 * in full (reading them for the dump faulted them in). {@link #residency()} (and {@link #nonZeroPages()}) give the
 * same estimate per page, so walkers' claims agree with it; the image's warnings say that residency is estimated.
 * Confined to one thread.
 */
public final class CoreProcessImage implements ProcessImage {
    private static final long PAGE = 4096;

    private final Path path;
    private final CoreFacts facts;
    private final List<Mapping> mappings;
    private final Memory memory;
    private final FileBytes core;
    private final List<ProgramHeader> loads;
    private final Map<String, BackingFile> backing;
    private final List<String> warnings;
    private final List<Long> stackPointers;
    private final PageHeads pageHeads;

    private CoreProcessImage(Path path, CoreFacts facts, List<Mapping> mappings, Memory memory, FileBytes core,
            List<ProgramHeader> loads, Map<String, BackingFile> backing, List<String> warnings,
            List<Long> stackPointers) {
        this.path = path;
        this.facts = facts;
        this.mappings = List.copyOf(mappings);
        this.memory = memory;
        this.core = core;
        this.loads = loads;
        this.backing = backing;
        this.warnings = List.copyOf(warnings);
        this.stackPointers = List.copyOf(stackPointers);
        this.pageHeads = PageHeads.of(memory, new NonZeroPages(core, loads));
    }

    /**
     * Opens the core at {@code path}. Files named in its NT_FILE note are read from the same paths on this machine
     * when they match what the process mapped.
     *
     * @throws MemsnapException BAD_INPUT if the file is not a 64-bit little-endian x86-64 process core, or is
     *     truncated or corrupt (the message names the path and byte offset)
     */
    public static CoreProcessImage open(Path path) {
        List<ProgramHeader> loads;
        List<ElfNote> notes;
        try (ElfFile elf = ElfFile.open(path)) {
            if (elf.type() != ElfFile.ET_CORE || elf.machine() != ElfFile.EM_X86_64) {
                throw bad(path, String.format(Locale.ROOT, "not an x86-64 core file (e_type %d, e_machine %d)",
                        elf.type(), elf.machine()));
            }
            loads = elf.programHeaders().stream().filter(p -> p.type() == ProgramHeader.PT_LOAD).toList();
            checkSegments(path, elf.sizeBytes(), loads);
            notes = elf.notes();
        }
        FileBytes core = FileBytes.open(path);
        Map<String, BackingFile> backing = new HashMap<>();
        try {
            return assemble(path, core, loads, notes, backing);
        } catch (RuntimeException e) {
            backing.values().forEach(BackingFile::close);
            core.close();
            if (e instanceof MemsnapException m && m.kind() == MemsnapException.Kind.BAD_INPUT
                    && !m.getMessage().contains(path.toString())) {
                throw bad(path, m.getMessage());
            }
            throw e;
        }
    }

    private static CoreProcessImage assemble(Path path, FileBytes core, List<ProgramHeader> loads,
            List<ElfNote> notes, Map<String, BackingFile> backing) {
        List<CoreNotes.FileEntry> files = new ArrayList<>();
        Map<Long, Long> auxv = new HashMap<>();
        List<Integer> tids = new ArrayList<>();
        List<Long> stackPointers = new ArrayList<>();
        ElfNote prpsinfo = null;
        byte[] auxvBytes = new byte[0];
        for (ElfNote n : notes) {
            if (!n.name().equals("CORE")) {
                continue;
            }
            switch (n.type()) {
                case ElfNote.NT_FILE -> files.addAll(CoreNotes.parseFiles(n));
                case ElfNote.NT_AUXV -> {
                    auxv.putAll(CoreNotes.parseAuxv(n));
                    auxvBytes = n.descriptor();
                }
                case ElfNote.NT_PRSTATUS -> {
                    tids.add(CoreNotes.prstatusPid(n));
                    CoreNotes.prstatusStackPointer(n).ifPresent(stackPointers::add);
                }
                case ElfNote.NT_PRPSINFO -> prpsinfo = n;
                default -> {
                    // registers and other notes are not needed for memory analysis
                }
            }
        }
        if (prpsinfo == null && tids.isEmpty()) {
            throw bad(path, "no NT_PRPSINFO or NT_PRSTATUS note: not a process core");
        }
        List<String> warnings = new ArrayList<>();
        openBackingFiles(core, loads, files, backing, warnings);
        Optional<String> exe = Optional.ofNullable(auxv.get(CoreNotes.AT_ENTRY))
                .flatMap(e -> files.stream().filter(f -> f.contains(e)).findFirst()).map(CoreNotes.FileEntry::path);
        CoreFacts recorded = prpsinfo != null ? CoreNotes.parsePrpsinfo(prpsinfo, exe, tids.size())
                : new CoreFacts(tids.get(0), 0, "", "", exe, tids.size());
        boolean gdb = notes.stream().anyMatch(n -> n.name().equals("GDB"));
        CoreMappings builder = new CoreMappings();
        List<Mapping> maps = builder.build(core, loads, files, auxv, backing, gdb);
        warnings.addAll(builder.warnings());
        // walkers make millions of small reads: serve them from blocks, as for live targets
        Memory memory = CachedMemory.of(new CoreMemory(core, loads, files, backing), 512);
        byte[] auxvCopy = auxvBytes;
        Optional<String> argv = maps.stream().filter(m -> m.path().equals("[stack]")).findFirst()
                .flatMap(st -> CoreCommandLine.read(memory, st, auxvCopy));
        String cmdline = argv.orElse(recorded.cmdline());
        CoreFacts facts = new CoreFacts(recorded.pid(), recorded.ppid(),
                CoreFacts.comm(recorded.comm(), cmdline, gdb, recorded.exe()), cmdline, recorded.exe(),
                recorded.threads());
        CoreProcessImage draft = new CoreProcessImage(path, facts, maps, memory, core, loads, backing, warnings,
                stackPointers);
        List<Mapping> named = HeapNamer.nameHeap(draft, warnings);
        warnings.add("a core records no residency: resident sizes are estimated from non-zero dumped pages");
        return new CoreProcessImage(path, facts, named, memory, core, loads, backing, warnings, stackPointers);
    }

    private static void checkSegments(Path path, long size, List<ProgramHeader> loads) {
        for (int i = 0; i < loads.size(); i++) {
            ProgramHeader p = loads.get(i);
            if (p.offset() < 0 || p.fileSizeBytes() < 0 || p.fileSizeBytes() > size - p.offset()
                    || p.fileSizeBytes() > p.memSizeBytes()) {
                throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, String.format(Locale.ROOT,
                        "%s: truncated or corrupt core: PT_LOAD #%d for 0x%x needs file bytes up to offset %d "
                                + "(0x%x) but the file has %d bytes",
                        path, i, p.vaddr(), p.offset() + p.fileSizeBytes(), p.offset() + p.fileSizeBytes(), size));
            }
        }
    }

    /** Opens each NT_FILE path that is readable here and keeps it if its first page matches the dumped one. */
    private static void openBackingFiles(FileBytes core, List<ProgramHeader> loads, List<CoreNotes.FileEntry> files,
            Map<String, BackingFile> backing, List<String> warnings) {
        for (CoreNotes.FileEntry f : files) {
            if (f.offset() != 0 || backing.containsKey(f.path())) {
                continue;
            }
            Optional<BackingFile> b = BackingFile.open(Path.of(f.path()));
            if (b.isEmpty()) {
                continue;
            }
            Optional<ProgramHeader> dumped = loads.stream()
                    .filter(p -> p.vaddr() == f.start() && p.fileSizeBytes() > 0).findFirst();
            if (dumped.isEmpty()) {
                warnings.add("cannot verify " + f.path() + " against the core (its first page was not dumped); "
                        + "using it as is");
            } else if (!b.get().startsWith(core.read(dumped.get().offset(),
                    Math.min(PAGE, dumped.get().fileSizeBytes()), "dumped header page"))) {
                warnings.add(f.path() + " on this machine differs from the file the process mapped; "
                        + "its pages that the core lacks are unreadable");
                b.get().close();
                continue;
            }
            backing.put(f.path(), b.get());
        }
    }

    private static MemsnapException bad(Path path, String why) {
        return new MemsnapException(MemsnapException.Kind.BAD_INPUT, path + ": " + why);
    }

    /** pid, ppid, comm, cmdline and executable as the core records them. */
    public CoreFacts facts() {
        return facts;
    }

    /** The core file. */
    public Path path() {
        return path;
    }

    /** What could not be recovered or verified, in plain words. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Per-page estimate of residency: a page counts if the core dumped it and it is not all zero. An approximation
     * (see the class comment), not the target's residency; a report built on it carries a warning saying so.
     */
    public Residency nonZeroPages() {
        return new NonZeroPages(core, loads);
    }

    @Override
    public int pid() {
        return facts.pid();
    }

    @Override
    public List<Mapping> mappings() {
        return mappings;
    }

    @Override
    public PageHeads pageHeads() {
        return pageHeads;
    }

    @Override
    public Memory memory() {
        return memory;
    }

    /**
     * The same estimate as {@link #nonZeroPages()}, so that walkers' resident claims and the mappings' estimated
     * Rss agree (a claim never exceeds what its mapping was credited with). The snapshot carries a warning that
     * residency is estimated.
     */
    @Override
    public Residency residency() {
        return nonZeroPages();
    }

    /** Each thread's user stack pointer ({@code rsp} from its NT_PRSTATUS registers), in note order. */
    public List<Long> threadStackPointers() {
        return stackPointers;
    }

    @Override
    public Optional<Path> file(Mapping mapping) {
        BackingFile b = backing.get(mapping.path());
        return b == null ? Optional.empty() : Optional.of(b.path());
    }

    @Override
    public void close() {
        backing.values().forEach(BackingFile::close);
        core.close();
    }

    /** Names the anonymous VMA that ends at libc's current program break {@code [heap]}. */
    private static final class HeapNamer {
        static List<Mapping> nameHeap(CoreProcessImage draft, List<String> warnings) {
            // __curbrk is exported by libc (.dynsym); no need to parse debug files while opening a core
            Optional<Long> curbrk =
                    Symbolizer.of(draft.mappings(), draft::file, DebugFiles.none()).address("__curbrk");
            if (curbrk.isEmpty()) {
                warnings.add("cannot find __curbrk (libc not readable here?): [heap] is shown as anonymous memory");
                return draft.mappings();
            }
            long brk;
            try {
                brk = draft.memory().readLong(curbrk.get());
            } catch (MemsnapException e) {
                warnings.add("cannot read __curbrk: " + e.getMessage());
                return draft.mappings();
            }
            long end = (brk + PAGE - 1) & -PAGE;
            List<Mapping> out = new ArrayList<>();
            for (Mapping m : draft.mappings()) {
                if (m.path().isEmpty() && m.end() == end && Long.compareUnsigned(m.start(), brk) < 0) {
                    m = new Mapping(m.start(), m.end(), m.perms(), m.offset(), m.device(), m.inode(), "[heap]",
                            m.rssBytes(), m.pssBytes(), m.anonymousBytes(), m.swapBytes(), m.privateCleanBytes(),
                            m.privateDirtyBytes(), m.sharedCleanBytes(), m.sharedDirtyBytes());
                }
                out.add(m);
            }
            return out;
        }
    }
}
