// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ResidentClaim;
import io.memsnap.snapshot.proc.SmapsParser;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BreakdownBuilderTest {
    // header lines as the kernel prints them (nginx worker with lua, Debian 12), Rss values chosen per line
    private static final String SMAPS = """
            55f0c2a00000-55f0c2a3c000 r--p 00000000 08:01 1050001                    /usr/sbin/nginx
            Rss:                 240 kB
            55f0c3000000-55f0c3400000 rw-p 00000000 00:00 0                          [heap]
            Rss:                4096 kB
            7f0000000000-7f0000800000 rw-p 00000000 00:00 0
            Rss:                1024 kB
            7f0001000000-7f0001001000 ---p 00000000 00:00 0
            Rss:                   0 kB
            7f0001001000-7f0001801000 rw-p 00000000 00:00 0
            Rss:                  40 kB
            7f0002000000-7f0003000000 rw-s 00000000 00:01 2050                       /dev/zero (deleted)
            Rss:                2048 kB
            7f0003000000-7f0003100000 rw-s 00000000 00:01 3                          /SYSV00000000 (deleted)
            Rss:                  12 kB
            7f0003100000-7f0003200000 rw-s 00000000 00:01 4                          /memfd:wayland (deleted)
            Rss:                   8 kB
            7f0003200000-7f0003300000 rw-s 00000000 08:01 77                         /var/cache/my file.dat
            Rss:                  16 kB
            7f0003300000-7f0003400000 rw-p 00000000 00:00 0                          [anon:lua]
            Rss:                 100 kB
            7ffd6f3c1000-7ffd6f3e2000 rw-p 00000000 00:00 0                          [stack]
            Rss:                 132 kB
            7ffd6f3f0000-7ffd6f3f4000 r--p 00000000 00:00 0                          [vvar]
            Rss:                   0 kB
            7ffd6f3f4000-7ffd6f3f6000 r-xp 00000000 00:00 0                          [vdso]
            Rss:                   8 kB
            ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
            Rss:                   0 kB
            """;
    private static final List<Mapping> MAPS = SmapsParser.parse(SMAPS);
    private static final List<Long> THREAD_SP = List.of(0x7f00017ff000L);

    private static long kb(long n) {
        return n * 1024;
    }

    @Test
    void everyMappingGetsOneBaseCategory() {
        List<Category> got = MAPS.stream().map(m -> BreakdownBuilder.baseCategory(m, THREAD_SP)).toList();
        assertEquals(List.of(Category.BINARY_AND_LIBRARIES, Category.HEAP, Category.ANONYMOUS, Category.ANONYMOUS,
                Category.STACKS, Category.SHARED_MEMORY, Category.SHARED_MEMORY, Category.SHARED_MEMORY,
                Category.BINARY_AND_LIBRARIES, Category.ANONYMOUS, Category.STACKS, Category.VDSO_VVAR,
                Category.VDSO_VVAR, Category.VDSO_VVAR), got);
    }

    @Test
    void entriesSumToRssExactly() {
        BreakdownBuilder.Breakdown b = BreakdownBuilder.build(MAPS, THREAD_SP, List.of());
        long rss = MAPS.stream().mapToLong(Mapping::rssBytes).sum();
        assertEquals(rss, b.entries().stream().mapToLong(BreakdownEntry::bytes).sum());
        assertEquals(List.of(new BreakdownEntry(Category.BINARY_AND_LIBRARIES, kb(256)),
                new BreakdownEntry(Category.HEAP, kb(4096)), new BreakdownEntry(Category.ANONYMOUS, kb(1124)),
                new BreakdownEntry(Category.STACKS, kb(172)), new BreakdownEntry(Category.SHARED_MEMORY, kb(2068)),
                new BreakdownEntry(Category.VDSO_VVAR, kb(8))), b.entries());
        assertTrue(b.warnings().isEmpty());
    }

    @Test
    void claimsMoveBytesAndAreClampedWithAWarning() {
        BreakdownBuilder.Breakdown b = BreakdownBuilder.build(MAPS, THREAD_SP, List.of(
                new ResidentClaim(Category.HEAP, Category.GLIBC_USED, kb(3000)),
                new ResidentClaim(Category.HEAP, Category.GLIBC_FREE_RESIDENT, kb(2000)),
                new ResidentClaim(Category.ANONYMOUS, Category.LUAJIT_USED, kb(100))));
        assertEquals(List.of(new BreakdownEntry(Category.BINARY_AND_LIBRARIES, kb(256)),
                new BreakdownEntry(Category.ANONYMOUS, kb(1024)), new BreakdownEntry(Category.STACKS, kb(172)),
                new BreakdownEntry(Category.SHARED_MEMORY, kb(2068)), new BreakdownEntry(Category.VDSO_VVAR, kb(8)),
                new BreakdownEntry(Category.GLIBC_USED, kb(3000)),
                new BreakdownEntry(Category.GLIBC_FREE_RESIDENT, kb(1096)),
                new BreakdownEntry(Category.LUAJIT_USED, kb(100))), b.entries());
        assertEquals(List.of("a walker claimed 2048000 bytes of heap as glibc_free_resident but only 1122304 were"
                + " there; counted 1122304"), b.warnings());
    }

    @Test
    void labelledClaimsBecomeOneEntryPerZoneAfterTheirCategory() {
        BreakdownBuilder.Breakdown b = BreakdownBuilder.build(MAPS, THREAD_SP, List.of(
                new ResidentClaim(Category.SHARED_MEMORY, Category.NGINX_SHM, kb(1000), Optional.of("sessions")),
                new ResidentClaim(Category.SHARED_MEMORY, Category.NGINX_SHM, kb(68), Optional.of("limits"))));
        List<BreakdownEntry> e = b.entries();
        assertTrue(e.contains(new BreakdownEntry(Category.SHARED_MEMORY, kb(2068 - 1068))));
        assertEquals(List.of(new BreakdownEntry(Category.NGINX_SHM, kb(1000), Optional.of("sessions")),
                new BreakdownEntry(Category.NGINX_SHM, kb(68), Optional.of("limits"))), e.subList(e.size() - 2,
                e.size()));
        assertEquals("nginx shared zones: sessions", e.get(e.size() - 2).displayName());
        assertEquals(MAPS.stream().mapToLong(Mapping::rssBytes).sum(),
                e.stream().mapToLong(BreakdownEntry::bytes).sum());
    }

    @Test
    void withoutStackPointersAThreadStackIsAnonymous() {
        assertEquals(Category.ANONYMOUS, BreakdownBuilder.baseCategory(MAPS.get(4), List.of()));
    }
}
