// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.elf.ElfNote;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Mapping;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pure decoders of core notes, the initial-stack command line and vvar naming, on hand-built bytes. */
class CoreNotesTest {

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void ntFileEntriesAndNames() {
        ByteBuffer b = le(16 + 2 * 24 + 32);
        b.putLong(2).putLong(4096);
        b.putLong(0x1000).putLong(0x3000).putLong(0);
        b.putLong(0x5000).putLong(0x6000).putLong(0x1d3);
        b.put("/lib/a.so\0/dev/zero (deleted)\0".getBytes(StandardCharsets.UTF_8));
        List<CoreNotes.FileEntry> f = CoreNotes.parseFiles(new ElfNote("CORE", ElfNote.NT_FILE, 0, b.array()));
        assertEquals(new CoreNotes.FileEntry(0x1000, 0x3000, 0, "/lib/a.so"), f.get(0));
        assertEquals(new CoreNotes.FileEntry(0x5000, 0x6000, 0x1d3000, "/dev/zero (deleted)"), f.get(1));
    }

    @Test
    void ntFileWithImpossibleCountIsBadInput() {
        ByteBuffer b = le(40);
        b.putLong(1L << 40).putLong(4096);
        MemsnapException e = assertThrows(MemsnapException.class,
                () -> CoreNotes.parseFiles(new ElfNote("CORE", ElfNote.NT_FILE, 1234, b.array())));
        assertEquals(MemsnapException.Kind.BAD_INPUT, e.kind());
        assertEquals(true, e.getMessage().contains("offset 1234"), e.getMessage());
    }

    @Test
    void prpsinfoAndPrstatus() {
        ByteBuffer b = le(136);
        b.putInt(24, 4242).putInt(28, 17);
        b.position(40);
        b.put("nginx".getBytes(StandardCharsets.UTF_8));
        b.position(56);
        b.put("nginx: worker process".getBytes(StandardCharsets.UTF_8));
        CoreFacts f = CoreNotes.parsePrpsinfo(new ElfNote("CORE", ElfNote.NT_PRPSINFO, 0, b.array()),
                Optional.of("/usr/sbin/nginx"), 3);
        assertEquals(new CoreFacts(4242, 17, "nginx", "nginx: worker process", Optional.of("/usr/sbin/nginx"), 3), f);
        ByteBuffer s = le(336);
        s.putInt(32, 4243);
        assertEquals(4243, CoreNotes.prstatusPid(new ElfNote("CORE", ElfNote.NT_PRSTATUS, 0, s.array())));
    }

    @Test
    void auxvStopsAtNull() {
        ByteBuffer b = le(64);
        b.putLong(33).putLong(0x7000).putLong(0).putLong(0).putLong(9).putLong(0x999);
        assertEquals(Map.of(33L, 0x7000L), CoreNotes.parseAuxv(new ElfNote("CORE", ElfNote.NT_AUXV, 0, b.array())));
    }

    /** A stack page at 0x10000: argc 2, argv, NULL, one envp, NULL, auxv; strings at 0x10800. */
    @Test
    void commandLineFromInitialStack() {
        ByteBuffer s = le(4096);
        long base = 0x10000;
        s.putLong(0x100, 2).putLong(0x108, base + 0x800).putLong(0x110, base + 0x80a).putLong(0x118, 0);
        s.putLong(0x120, base + 0x900).putLong(0x128, 0);
        s.putLong(0x130, 33).putLong(0x138, 0x7000).putLong(0x140, 25).putLong(0x148, base + 0xa00);
        s.position(0x800);
        s.put("/bin/prog\0-x\0".getBytes(StandardCharsets.UTF_8));
        byte[] stack = s.array();
        Memory mem = (address, dst, offset, length) -> {
            if (address < base || address + length > base + stack.length) {
                throw new UnreadableMemoryException(address, length, "outside");
            }
            System.arraycopy(stack, (int) (address - base), dst, offset, length);
        };
        byte[] auxv = java.util.Arrays.copyOfRange(stack, 0x130, 0x150);
        Mapping m = new Mapping(base, base + 4096, "rw-p", 0, "00:00", 0, "[stack]", 0, 0, 0, 0, 0, 0, 0, 0);
        assertEquals(Optional.of("/bin/prog -x"), CoreCommandLine.read(mem, m, auxv));
        // an auxv that is not on the stack gives nothing rather than a guess
        assertEquals(Optional.empty(), CoreCommandLine.read(mem, m, new byte[32]));
    }

    @Test
    void vvarNamesBelowTheVdso() {
        List<Mapping> in = List.of(anon(0x1000, 0x5000, "r--p", ""), anon(0x5000, 0x7000, "r--p", ""),
                anon(0x7000, 0x9000, "r-xp", "[vdso]"));
        List<String> names = CoreMappings.nameVvar(in).stream().map(Mapping::path).toList();
        assertEquals(List.of("[vvar]", "[vvar_vclock]", "[vdso]"), names);
        List<Mapping> old = List.of(anon(0x0, 0x1000, "rw-p", ""), anon(0x1000, 0x5000, "r--p", ""),
                anon(0x5000, 0x7000, "r-xp", "[vdso]"));
        assertEquals(List.of("", "[vvar]", "[vdso]"), CoreMappings.nameVvar(old).stream().map(Mapping::path).toList());
    }

    private static Mapping anon(long start, long end, String perms, String path) {
        return new Mapping(start, end, perms, 0, "00:00", 0, path, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
