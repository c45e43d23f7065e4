// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.Mapping;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmapsParserTest {
    // real header lines (from the known_allocs fixture and nginx on Debian 12) with trimmed field blocks;
    // the path with spaces and the [anon:...] name are the kernel's formats for those cases
    private static final String SMAPS = """
            55c6588a7000-55c65c8ff000 rw-p 00000000 00:00 0                          [heap]
            Size:              65888 kB
            Rss:               65796 kB
            Pss:               65796 kB
            Shared_Clean:          0 kB
            Shared_Dirty:          0 kB
            Private_Clean:         0 kB
            Private_Dirty:     65796 kB
            Anonymous:         65796 kB
            Swap:                  0 kB
            VmFlags: rd wr mr mw me ac sd
            7f4bd4e2e000-7f4bd5e2e000 rw-s 00000000 00:01 1029                       /dev/zero (deleted)
            Rss:               16384 kB
            Pss:               16384 kB
            Private_Dirty:     16384 kB
            Anonymous:             0 kB
            VmFlags: rd wr sh mr mw me ms sd
            7f4bd6000000-7f4bd6021000 r--p 00001000 08:01 1311234                    /opt/my app/lib-1.0 (x86).so
            Rss:                 132 kB
            Shared_Clean:        132 kB
            7f4bd7000000-7f4bd7200000 rw-p 00000000 00:00 0                          [anon:lua-arena]
            Rss:                2048 kB
            Anonymous:          2048 kB
            THPeligible:           1
            7f4bd8000000-7f4bd8001000 rw-s 00000000 00:01 4242                       /SYSV0000162e (deleted)
            Rss:                   4 kB
            7ffd6f3c1000-7ffd6f3e2000 rw-p 00000000 00:00 0                          [stack]
            Rss:                  24 kB
            Swap:                  8 kB
            ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
            Rss:                   0 kB
            """;

    @Test
    void parsesEveryMappingIncludingOddNames() {
        List<Mapping> maps = SmapsParser.parse(SMAPS);
        assertEquals(List.of("[heap]", "/dev/zero (deleted)", "/opt/my app/lib-1.0 (x86).so", "[anon:lua-arena]",
                "/SYSV0000162e (deleted)", "[stack]", "[vsyscall]"), maps.stream().map(Mapping::path).toList());
    }

    @Test
    void fieldsAreBytes() {
        Mapping heap = SmapsParser.parse(SMAPS).get(0);
        assertEquals(0x55c6588a7000L, heap.start());
        assertEquals(0x55c65c8ff000L, heap.end());
        assertEquals(65796 * 1024L, heap.rssBytes());
        assertEquals(65796 * 1024L, heap.privateDirtyBytes());
        assertEquals(65796 * 1024L, heap.anonymousBytes());
        assertTrue(heap.anonymous());
    }

    @Test
    void sharedZeroMappingHasAnInodeButIsNotAFile() {
        Mapping shm = SmapsParser.parse(SMAPS).get(1);
        assertTrue(shm.shared());
        assertEquals(1029, shm.inode());
        assertEquals(16384 * 1024L, shm.rssBytes());
    }

    @Test
    void vsyscallAboveSignedRangeParses() {
        Mapping v = SmapsParser.parse(SMAPS).get(6);
        assertEquals(0xffffffffff600000L, v.start());
        assertEquals(4096, v.sizeBytes());
        assertEquals(8 * 1024L, SmapsParser.parse(SMAPS).get(5).swapBytes());
    }
}
