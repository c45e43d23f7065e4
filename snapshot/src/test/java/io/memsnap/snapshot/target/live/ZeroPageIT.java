// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memsnap.fixtures.Fixtures;
import io.memsnap.snapshot.proc.PagemapResidency;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The zero page's frame memsnap trusts is the one another process's read-only pages really share, or 0 where the
 * kernel maps no shared zero page. Issue 15's zero reads came from trusting a frame this kernel had given to a
 * page of memsnap's own, which munmap freed and a target page later got.
 */
@EnabledOnOs(OS.LINUX)
class ZeroPageIT {
    private static final long PRESENT = 1L << 63;
    private static final long EXCLUSIVE = 1L << 56;

    @Test
    void frameIsSharedByAnotherProcessOrUnknown() throws Exception {
        String bin = Fixtures.compileC("zero_page_probe").toString();
        Process p = new ProcessBuilder(bin).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        List<String> f = List.of(out.split(" "));
        assertEquals("ENTRIES", f.get(0), out);
        long a = Long.parseUnsignedLong(f.get(1), 16);
        long b = Long.parseUnsignedLong(f.get(2), 16);
        boolean sharedZeroPage = (a & PRESENT) != 0 && (a & EXCLUSIVE) == 0 && (b & EXCLUSIVE) == 0
                && PagemapResidency.pfn(a) == PagemapResidency.pfn(b);
        long expected = sharedZeroPage ? PagemapResidency.pfn(a) : 0;
        System.out.printf("zero page probe: %s; memsnap's zero-page frame 0x%x%n", out, ZeroPage.frameNumber());
        assertEquals(expected, ZeroPage.frameNumber(), "probe " + out);
    }
}
