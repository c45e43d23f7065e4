// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.core;

import java.util.List;

/**
 * Test helper: zeroes each thread's 32-byte struct rseq in a byte range. The kernel rewrites cpu_id_start and cpu_id,
 * and since Linux 6.3 also node_id and mm_cid (offsets 20 and 24), whenever the thread runs, so those bytes differ
 * between a live read and a core taken a moment earlier. The fixture prints {@code RSEQ <hex address>} per thread.
 */
final class RseqMask {
    private RseqMask() {}

    /** Zeroes, in {@code b} (the bytes at {@code address}), every rseq area named in {@code fixtureLines}. */
    static byte[] apply(List<String> fixtureLines, long address, byte[] b) {
        for (String l : fixtureLines) {
            if (l.startsWith("RSEQ ")) {
                long r = Long.parseUnsignedLong(l.substring(5), 16);
                for (long x = Math.max(r, address); x < Math.min(r + 32, address + b.length); x++) {
                    b[(int) (x - address)] = 0;
                }
            }
        }
        return b;
    }
}
