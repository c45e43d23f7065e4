// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.core;

import io.memsnap.snapshot.elf.FileBytes;
import io.memsnap.snapshot.elf.ProgramHeader;
import io.memsnap.snapshot.memory.Residency;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * The core-file stand-in for residency: a page is set if the core dumped it and it holds a non-zero byte. An
 * estimate, documented on {@link CoreProcessImage}. Confined to one thread.
 */
final class NonZeroPages implements Residency {
    private static final long PAGE = 4096;
    private final FileBytes core;
    private final List<ProgramHeader> loads;

    NonZeroPages(FileBytes core, List<ProgramHeader> loads) {
        this.core = core;
        this.loads = loads;
    }

    @Override
    public Optional<BitSet> residentPages(long start, long end) {
        int pages = (int) ((end - start) / PAGE);
        BitSet bits = new BitSet(pages);
        byte[] page = new byte[(int) PAGE];
        for (ProgramHeader p : loads) {
            long from = Math.max(start, p.vaddr());
            long to = Math.min(end, p.vaddr() + p.fileSizeBytes());
            for (long a = from & -PAGE; a < to; a += PAGE) {
                if (a < p.vaddr() || a + PAGE > p.vaddr() + p.fileSizeBytes()) {
                    continue;
                }
                core.readFully(p.offset() + (a - p.vaddr()), page, 0, page.length);
                for (byte b : page) {
                    if (b != 0) {
                        bits.set((int) ((a - start) / PAGE));
                        break;
                    }
                }
            }
        }
        return Optional.of(bits);
    }

    @Override
    public long pageSizeBytes() {
        return PAGE;
    }
}
