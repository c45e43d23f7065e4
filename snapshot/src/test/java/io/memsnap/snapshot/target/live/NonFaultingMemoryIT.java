// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.FixtureProcess;
import io.memsnap.fixtures.Fixtures;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.proc.SmapsParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** memsnap reads a live target without faulting pages into it: Rss and pagemap are the same before and after. */
@EnabledOnOs(OS.LINUX)
class NonFaultingMemoryIT {
    @TempDir
    Path tmp;

    @Test
    void readingUntouchedMemoryChangesNothingInTheTarget() throws Exception {
        byte[] content = new byte[8 << 20];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + (i >> 12));
        }
        Path file = Files.write(tmp.resolve("data.bin"), content);
        try (FixtureProcess fx = FixtureProcess.start(List.of(Fixtures.compileC("untouched").toString(), file.toString()))) {
            long big = Long.decode(field(fx, "BIG ", 1));
            long mapped = Long.decode(field(fx, "FILE ", 1));
            long rssBefore = rss(fx.pid());
            try (LiveProcessImage image = LiveProcessImage.open(fx.pid())) {
                long resident = residentPages(image, big, 64 << 20);
                byte[] zeros = image.memory().read(big + 4096, (64 << 20) - 8192);
                assertTrue(allZero(zeros), "untouched malloc memory reads as zeros");
                byte[] fromTarget = image.memory().read(mapped, content.length);
                assertArrayEquals(content, fromTarget, "an unread file mapping reads as the file's bytes");
                assertEquals(resident, residentPages(image, big, 64 << 20), "pagemap unchanged by our reads");
            }
            assertEquals(rssBefore, rss(fx.pid()), "target Rss unchanged by our reads");
        }
    }

    @Test
    void scatterReadOfEveryPageStartMatchesPlainReadsAndChangesNothing() throws Exception {
        byte[] content = new byte[4 << 20];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 17 + (i >> 12));
        }
        Path file = Files.write(tmp.resolve("data.bin"), content);
        try (FixtureProcess fx = FixtureProcess.start(List.of(Fixtures.compileC("untouched").toString(), file.toString()))) {
            long big = Long.decode(field(fx, "BIG ", 1)) & -4096L;
            long mapped = Long.decode(field(fx, "FILE ", 1));
            long rssBefore = rss(fx.pid());
            try (LiveProcessImage image = LiveProcessImage.open(fx.pid())) {
                long resident = residentPages(image, big, 64 << 20);
                // every page start of the (mostly untouched) malloc region and of the file, plus unmapped addresses
                long[] at = new long[16384 + 1024 + 3];
                int n = 0;
                at[n++] = 0x1000;
                for (int i = 0; i < 16384; i++) {
                    at[n++] = big + i * 4096L + (i % 3) * 8;
                }
                at[n++] = 0x2000;
                for (int i = 0; i < 1024; i++) {
                    at[n++] = mapped + i * 4096L;
                }
                at[n++] = -4096L;
                byte[] got = new byte[16 * n];
                var failed = image.memory().readEach(at, n, 16, got);
                assertEquals(List.of(0, 16385, n - 1), failed.stream().boxed().toList(), "only unmapped addresses fail");
                for (int k = 0; k < n; k++) {
                    if (!failed.get(k)) {
                        assertArrayEquals(image.memory().read(at[k], 16), Arrays.copyOfRange(got, 16 * k, 16 * k + 16),
                                "scatter read equals a plain read at 0x" + Long.toHexString(at[k]));
                    }
                }
                assertEquals(resident, residentPages(image, big, 64 << 20), "pagemap unchanged by our reads");
            }
            assertEquals(rssBefore, rss(fx.pid()), "target Rss unchanged by our reads");
        }
    }

    @Test
    void aBulkReadReportsThePagesPagemapCallsResident() throws Exception {
        byte[] content = new byte[4 << 20];
        Path file = Files.write(tmp.resolve("data.bin"), content);
        try (FixtureProcess fx = FixtureProcess.start(List.of(Fixtures.compileC("untouched").toString(), file.toString()))) {
            long big = Long.decode(field(fx, "BIG ", 1)) & -4096L;
            long mapped = Long.decode(field(fx, "FILE ", 1));
            try (LiveProcessImage image = LiveProcessImage.open(fx.pid())) {
                for (long start : new long[] {big, mapped}) {
                    int len = 2 << 20;
                    byte[] got = new byte[len];
                    BitSet seen = image.memory().readSeeingResidency(start, got, 0, len);
                    BitSet pagemap = image.residency().residentPages(start, start + len).orElseThrow();
                    assertEquals(pagemap, seen, "the read saw what pagemap says at 0x" + Long.toHexString(start));
                    assertArrayEquals(image.memory().read(start, len), got, "and read the same bytes");
                }
                BitSet heapStart = image.memory().readSeeingResidency(big, new byte[2 << 20], 0, 2 << 20);
                assertTrue(heapStart.get(0) && heapStart.cardinality() < 512,
                        "the malloc header's page is resident, the untouched pages are not: " + heapStart);
                assertEquals(null, image.memory().readSeeingResidency(big, new byte[64], 0, 64),
                        "a small read comes from the block cache, which did not look");
            }
        }
    }

    private static long residentPages(LiveProcessImage image, long start, long len) {
        return image.residency().residentPages(start & -4096L, (start + len + 4095) & -4096L).orElseThrow().cardinality();
    }

    private static long rss(int pid) throws Exception {
        return SmapsParser.parse(Files.readString(Path.of("/proc/" + pid + "/smaps"))).stream()
                .mapToLong(Mapping::rssBytes).sum();
    }

    private static boolean allZero(byte[] b) {
        return Arrays.equals(b, new byte[b.length]);
    }

    private static String field(FixtureProcess fx, String prefix, int index) {
        return fx.seen().stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().split(" ")[index];
    }
}
