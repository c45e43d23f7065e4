// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import io.memsnap.snapshot.proc.PagemapResidency;
import java.io.IOException;

/**
 * The frame number of the kernel's shared zero page, learned once from memsnap's own pagemap: a private anonymous
 * page that was only read maps it. 0 when the kernel hides frame numbers (no CAP_SYS_ADMIN), JNA is unavailable,
 * or the kernel does not map a shared zero page; then zero-page mappings in a target count as resident (they are
 * rare: memsnap itself never creates them).
 */
final class ZeroPage {
    private static volatile long pfn = -1;

    private ZeroPage() {}

    /** The zero page's frame number, or 0 if unknown. */
    static long frameNumber() {
        long v = pfn;
        if (v < 0) {
            v = discover();
            pfn = v;
        }
        return v;
    }

    /**
     * Maps two pages and reads one byte of each: where the kernel maps its shared zero page, both show the same
     * frame and neither is exclusive to this process. Some kernels never map it (a read fault allocates a page of
     * its own: seen on 6.18, two reads gave frames 0x1bfb7a and 0x17bf54, each exclusive); a frame found there is a
     * real page that munmap frees and another process, the target included, may get next. Trusting it made that
     * target page count as not resident, and before that read as zeros: the intermittent zero reads of issue 15.
     * So the frame is used only when both agree and are shared.
     */
    private static long discover() {
        if (!LinuxLibc.available()) {
            return 0;
        }
        long a = LinuxLibc.mapZeroPage();
        long b = a == 0 ? 0 : LinuxLibc.mapZeroPage();
        try (PagemapResidency self = PagemapResidency.open((int) ProcessHandle.current().pid(), 0)) {
            return b == 0 ? 0 : sharedFrame(self.entries(a, 1)[0], self.entries(b, 1)[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        } finally {
            if (a != 0) {
                LinuxLibc.unmapPage(a);
            }
            if (b != 0) {
                LinuxLibc.unmapPage(b);
            }
        }
    }

    /** The frame both entries map if they are present, equal and not exclusive (bit 56); otherwise 0. */
    static long sharedFrame(long first, long second) {
        long exclusive = 1L << 56;
        boolean shared = first < 0 && second < 0 && (first & exclusive) == 0 && (second & exclusive) == 0;
        long pfn = PagemapResidency.pfn(first);
        return shared && pfn != 0 && pfn == PagemapResidency.pfn(second) ? pfn : 0;
    }
}
