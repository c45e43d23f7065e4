// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import io.memsnap.snapshot.memory.Bytes;
import io.memsnap.snapshot.memory.PageLedger;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.target.ProcessImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns arenas into the heap regions to walk: the main heap from {@code mp_.sbrk_base} to the end of top, and each
 * thread arena's heaps found by following {@code heap_info.prev} from the heap holding top. Page residency is the
 * walk's business ({@link RegionWalker}): the image's reads never fault pages in, so reading a region first does not
 * change it, and a live reader's own pagemap look at the pages it reads gives most of it.
 */
final class HeapLayout {
    private static final int MAX_HEAPS = 4096;
    private final ProcessImage image;
    private final long page;
    private final int maxDistinctSizes;

    HeapLayout(ProcessImage image, long page, int maxDistinctSizes) {
        this.image = image;
        this.page = page;
        this.maxDistinctSizes = maxDistinctSizes;
    }

    ArenaAccount main(MallocState s, MallocPar par, int index) {
        ArenaAccount a = new ArenaAccount(s, true, maxDistinctSizes);
        if (s.empty()) {
            return a;
        }
        if (s.noncontiguous()) {
            a.warn("main arena is non-contiguous (brk failed once); its heap is not walked");
            a.complete = false;
            return a;
        }
        long topEnd = par.sbrkBase() + s.systemMem();
        long first = (par.sbrkBase() + 15) & ~15L;
        Optional<Mapping> m = image.mappingAt(par.sbrkBase());
        Category from = m.isPresent() && m.get().path().equals("[heap]") ? Category.HEAP : Category.ANONYMOUS;
        HeapRegion r = region(a, index, par.sbrkBase(), first, topEnd, s.top(), true, from);
        a.metadataBytes += first - par.sbrkBase();
        r.ledger.metadata(par.sbrkBase(), first - par.sbrkBase());
        return a;
    }

    ArenaAccount thread(MallocState s, MallocPar par, int index) {
        ArenaAccount a = new ArenaAccount(s, false, maxDistinctSizes);
        if (par.hpPagesize() != 0) {
            a.warn("glibc.malloc.hugetlb is set: thread heap sizes differ; not walked");
            a.complete = false;
            return a;
        }
        List<long[]> heaps = new ArrayList<>();
        long h = s.top() & ~(Layout.HEAP_MAX - 1);
        try {
            while (h != 0) {
                byte[] info = image.memory().read(h, Layout.HEAP_INFO_SIZE);
                long size = Bytes.i64(info, Layout.HEAP_INFO_SIZE_FIELD);
                long prev = Bytes.i64(info, Layout.HEAP_INFO_PREV);
                if (Bytes.i64(info, 0) != s.address() || size <= 0 || size > Layout.HEAP_MAX
                        || (prev & (Layout.HEAP_MAX - 1)) != 0 || heaps.size() >= MAX_HEAPS) {
                    a.warn(String.format(Locale.ROOT, "heap_info at 0x%x is not this arena's; older heaps skipped", h));
                    a.complete = false;
                    break;
                }
                heaps.add(new long[] {h, size, prev});
                h = prev;
            }
        } catch (UnreadableMemoryException e) {
            a.warn(String.format(Locale.ROOT, "heap_info at 0x%x unreadable; older heaps skipped", h));
            a.complete = false;
        }
        Collections.reverse(heaps);
        for (long[] heap : heaps) {
            boolean firstHeap = heap[2] == 0;
            long first = heap[0] + (firstHeap ? Layout.FIRST_HEAP_FIRST_CHUNK : Layout.HEAP_INFO_SIZE);
            long end = heap[0] + heap[1];
            long top = s.top() >= heap[0] && s.top() < end ? s.top() : -1;
            HeapRegion r = region(a, index, heap[0], first, end, top, false, Category.ANONYMOUS);
            a.metadataBytes += first - heap[0];
            r.ledger.metadata(heap[0], first - heap[0]);
        }
        return a;
    }

    private HeapRegion region(ArenaAccount a, int index, long start, long first, long end, long top, boolean main,
            Category from) {
        long pageStart = start / page * page;
        long pageEnd = (end + page - 1) / page * page;
        HeapRegion r = new HeapRegion(index, start, first, end, top, main, from,
                new PageLedger(pageStart, pageEnd, page));
        a.regions.add(r);
        return r;
    }
}
