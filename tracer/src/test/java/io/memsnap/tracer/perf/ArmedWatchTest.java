// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memsnap.snapshot.proc.SmapsParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArmedWatchTest {
    // /proc/PID/maps of the nginx fixture's worker on the development VM (libc lines)
    private static final String MAPS = ""
            + "7f2a1c200000-7f2a1c228000 r--p 00000000 fe:01 1311 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
            + "7f2a1c228000-7f2a1c3ad000 r-xp 00028000 fe:01 1311 /usr/lib/x86_64-linux-gnu/libc.so.6\n"
            + "7f2a1c3ad000-7f2a1c402000 r--p 001ad000 fe:01 1311 /usr/lib/x86_64-linux-gnu/libc.so.6\n";

    private static Probe probe(String binary, long offset) {
        return new Probe("memsnap_1_libc", "malloc", binary, "malloc", offset, true, "ret=$retval:u64", true, "");
    }

    @Test
    void theProbedFileOffsetIsFoundInTheExecutableMapping() {
        var maps = SmapsParser.parse(MAPS);
        assertEquals(0x7f2a1c200000L + 0x98930, ArmedWatch.address(maps,
                probe("/usr/lib/x86_64-linux-gnu/libc.so.6", 0x98930)));
    }

    @Test
    void anOffsetOutsideTheTextOrAnotherFileHasNoAddress() {
        var maps = SmapsParser.parse(MAPS);
        assertEquals(-1, ArmedWatch.address(maps, probe("/usr/lib/x86_64-linux-gnu/libc.so.6", 0x10)));
        assertEquals(-1, ArmedWatch.address(maps, probe("/usr/sbin/nginx", 0x98930)));
        assertEquals(-1, ArmedWatch.address(List.of(), probe("/usr/sbin/nginx", 0x98930)));
    }
}
