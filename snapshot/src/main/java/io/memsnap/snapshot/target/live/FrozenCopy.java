// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.UnreadableMemoryException;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.proc.PagemapResidency;
import io.memsnap.snapshot.proc.PagemapResidency.PageStates;
import io.memsnap.snapshot.proc.SmapsParser;
import io.memsnap.snapshot.target.ProcessFacts;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Copies the pages a walk can see change while the target is stopped: every resident or swapped page of its writable
 * mappings and of its anonymous ones, found through pagemap first (no page is faulted in, no zero page mapped), read
 * with process_vm_readv in calls of up to {@link LinuxLibc#IOV_MAX} page runs straight into a {@link PageStore}. The
 * mappings (smaps) and facts are read in the same stop, so Rss, residency and bytes agree. Used by one thread.
 */
final class FrozenCopy {
    private static final long PAGE = 4096;
    /** Longest run in one iovec, and bytes per system call, so the pause bound is checked often enough. */
    private static final long MAX_RUN_BYTES = 8L << 20;
    private static final long BATCH_BYTES = 64L << 20;

    /** What the stop produced. */
    record Result(List<Mapping> mappings, ProcessFacts facts, PageRuns runs, TreeSet<Long> badPages,
            Map<Long, BitSet> residentByMapping, long copiedBytes, long pauseMillis) {}

    private final int pid;
    private final PagemapResidency pagemap;
    private final Memory raw;
    private final PageStore store;
    private final PageRuns runs = new PageRuns();
    private final TreeSet<Long> badPages = new TreeSet<>();
    private final long[] local = new long[LinuxLibc.IOV_MAX];
    private final long[] remote = new long[LinuxLibc.IOV_MAX];
    private final long[] lengths = new long[LinuxLibc.IOV_MAX];
    private int batch;
    private long batchBytes;
    private int slice;
    private long position;
    private long deadlineNanos = Long.MAX_VALUE;
    private CopyOptions options;

    FrozenCopy(int pid, PagemapResidency pagemap, Memory raw, PageStore store) {
        this.pid = pid;
        this.pagemap = pagemap;
        this.raw = raw;
        this.store = store;
    }

    /** True for the mappings a copy holds: readable, and writable or anonymous (not kernel pseudo mappings). */
    static boolean copied(Mapping m) {
        if (!m.readable() || m.path().equals("[vvar]") || m.path().equals("[vsyscall]")
                || m.path().equals("[vvar_vclock]") || m.path().equals("[vdso]")) {
            return false;
        }
        return m.writable() || m.inode() == 0;
    }

    /** Bytes a copy of {@code mappings} takes, from smaps: Rss plus Swap of the copied mappings. */
    static long estimateBytes(List<Mapping> mappings) {
        return mappings.stream().filter(FrozenCopy::copied).mapToLong(m -> m.rssBytes() + m.swapBytes()).sum();
    }

    /**
     * Stops the target, reads its mappings and facts, copies, lets it run. The target runs again before this returns
     * or throws.
     *
     * @throws MemsnapException UNSUPPORTED if the copy runs past {@code options.maxPause()} (nothing is kept), and
     *     whatever {@link Freezer#freeze} throws
     */
    Result take(CopyOptions options) {
        this.options = options;
        List<Mapping> maps;
        ProcessFacts facts;
        Map<Long, BitSet> resident = new HashMap<>();
        long pause;
        try (Freezer freezer = Freezer.freeze(pid, options.freezeTimeout())) {
            deadlineNanos = System.nanoTime() + options.maxPause().toNanos();
            maps = SmapsParser.parse(LiveProcessImage.readProcFile(pid, "smaps"));
            facts = LiveFacts.read(pid, maps);
            for (Mapping m : maps) {
                if (copied(m)) {
                    resident.put(m.start(), copyMapping(m));
                }
            }
            flush();
            freezer.close();
            pause = freezer.pauseMillis();
        }
        return new Result(maps, facts, runs, badPages, resident, runs.totalBytes(), pause);
    }

    private MemsnapException overrun() {
        return new PauseRefusedException(String.format(Locale.ROOT,
                "pid %d: the copy passed --max-pause %d ms after %d MiB; the target runs again and nothing was"
                        + " captured (raise --max-pause, or use --no-freeze)",
                pid, options.maxPause().toMillis(), runs.totalBytes() >> 20));
    }

    /** Queues the resident and swapped pages of {@code m}; returns its resident pages (bit i = page i). */
    private BitSet copyMapping(Mapping m) {
        int pages = (int) (m.sizeBytes() / PAGE);
        PageStates st = pagemap.states(m.start(), pages);
        BitSet resident = new BitSet(pages);
        int i = 0;
        while (i < pages) {
            byte s = st.state(i);
            if (s == PageStates.ABSENT) {
                i++;
                continue;
            }
            int j = i;
            while (j < pages && st.state(j) != PageStates.ABSENT && (j - i) * PAGE < MAX_RUN_BYTES) {
                if (st.state(j) == PageStates.RESIDENT) {
                    resident.set(j);
                }
                j++;
            }
            queue(m.start() + i * PAGE, (j - i) * PAGE);
            i = j;
        }
        return resident;
    }

    /** Places a run in the store (split at a slice end) and adds it to the batch. */
    private void queue(long address, long length) {
        long done = 0;
        while (done < length) {
            if (position == store.capacity(slice)) {
                slice++;
                position = 0;
                if (slice == store.slices()) {
                    store.addSlice(PageStore.SLICE_BYTES, 0);
                }
            }
            long n = Math.min(length - done, store.capacity(slice) - position);
            runs.add(address + done, n, slice, position);
            local[batch] = store.address(slice) + position;
            remote[batch] = address + done;
            lengths[batch] = n;
            batch++;
            batchBytes += n;
            position += n;
            done += n;
            if (batch == LinuxLibc.IOV_MAX || batchBytes >= BATCH_BYTES) {
                flush();
            }
        }
    }

    /** Copies the batch with one system call; a short or failed copy is redone run by run through {@code raw}. */
    private void flush() {
        if (batch == 0) {
            return;
        }
        SyscallResult r = LinuxLibc.processVmCopy(pid, local, remote, lengths, 0, batch);
        if (!r.succeeded() && r.errno() == LinuxLibc.ESRCH) {
            throw new MemsnapException(MemsnapException.Kind.TARGET_GONE, "process " + pid + " exited during capture");
        }
        long got = r.succeeded() ? r.value() : 0;
        int firstRun = runs.count() - batch;
        for (int k = 0; k < batch && got < batchBytes; k++) {
            if (got >= lengths[k]) {
                got -= lengths[k];
                continue;
            }
            copySlowly(firstRun + k, got);
            got = 0;
        }
        batch = 0;
        batchBytes = 0;
        if (System.nanoTime() > deadlineNanos) {
            throw overrun();
        }
    }

    /** Copies run {@code i} from byte {@code from} on page by page through {@code raw}; failures become bad pages. */
    private void copySlowly(int i, long from) {
        ByteBuffer dst = store.slice(runs.slice(i));
        byte[] page = new byte[(int) PAGE];
        for (long off = from & -PAGE; off < runs.length(i); off += PAGE) {
            try {
                raw.read(runs.start(i) + off, page, 0, page.length);
                dst.put((int) (runs.position(i) + off), page);
            } catch (UnreadableMemoryException e) {
                badPages.add(runs.start(i) + off);
            }
        }
    }
}
