// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import io.memsnap.snapshot.proc.PagemapResidency;
import java.io.IOException;

/**
 * The frame number of the kernel's shared zero page, learned once from memsnap's own pagemap: a private anonymous
 * page that was only read maps it. 0 when the kernel hides frame numbers (no CAP_SYS_ADMIN) or JNA is unavailable;
 * then zero-page mappings in a target count as resident (they are rare: memsnap itself never creates them).
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

    private static long discover() {
        if (!LinuxLibc.available()) {
            return 0;
        }
        long addr = LinuxLibc.mapZeroPage();
        if (addr == 0) {
            return 0;
        }
        try (PagemapResidency self = PagemapResidency.open((int) ProcessHandle.current().pid(), 0)) {
            long entry = self.entries(addr, 1)[0];
            return entry < 0 ? PagemapResidency.pfn(entry) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        } finally {
            LinuxLibc.unmapPage(addr);
        }
    }
}
