// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.memory.CachedMemory;
import io.memsnap.snapshot.memory.Memory;
import io.memsnap.snapshot.memory.PageHeads;
import io.memsnap.snapshot.memory.Residency;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.proc.PagemapResidency;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.SmapsParser;
import io.memsnap.snapshot.target.ProcessFacts;
import io.memsnap.snapshot.target.ProcessImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A consistent image of a live process that cost the target only a copy: the process was stopped, its writable and
 * anonymous resident pages copied into memsnap ({@link FrozenCopy}, a core file without gdb and without a disk
 * write), and it ran again before any walker looked at them. Mappings, facts and residency are those of the moment
 * it was stopped. Memory held: the copied bytes (about the Rss of the writable mappings), outside the Java heap or in
 * a spill file. Confined to one thread, except {@link #memory()}, which is thread-safe; a {@link #concurrentView} serves
 * another thread.
 */
public final class CopiedProcessImage implements ProcessImage {
    /** Copy speed assumed when estimating the pause before stopping: conservative for a busy 2-core machine. */
    static final long ASSUMED_BYTES_PER_SECOND = 1L << 30;
    /** Pause the stop itself costs (attach, smaps, pagemap), added to the estimate. */
    static final long FIXED_PAUSE_MILLIS = 30;
    /**
     * Blocks of the cache the walkers parse in place (4 MiB): a block of the copy costs a 64 KiB memory copy, so a
     * small cache is enough, and its blocks die young in the Java heap instead of filling the old generation.
     */
    static final int COPY_CACHE_BLOCKS = 64;
    private final int pid;
    private final FrozenCopy.Result copy;
    /** The copy's memory without a cache in front, thread-safe; a view reads it through a cache of its own. */
    private final Memory copied;
    private final Memory memory;
    private final PagemapResidency pagemap;
    /** True for a {@link #concurrentView}: closing it releases its cache only, not the copy. */
    private final boolean view;
    /** The one page-start scan of the copy, shared with its views (read from the thread-safe copy). */
    private final PageHeads pageHeads;

    private CopiedProcessImage(int pid, FrozenCopy.Result copy, Memory copied, PagemapResidency pagemap,
            PageHeads viewOf) {
        this.pid = pid;
        this.copy = copy;
        this.copied = copied;
        this.view = viewOf != null;
        this.memory = CachedMemory.of(view ? unclosable(copied) : copied, COPY_CACHE_BLOCKS);
        this.pagemap = pagemap;
        this.pageHeads = view ? viewOf : PageHeads.of(copied, residency());
    }

    /**
     * Estimates the copy from smaps, refuses if it would break {@code options.maxPause()} or not fit in memory, then
     * stops {@code pid}, copies it and lets it run.
     *
     * @throws MemsnapException UNSUPPORTED (one line saying why and what to do) if refused or the pause bound was
     *     hit, TARGET_GONE, PERMISSION
     */
    public static CopiedProcessImage capture(int pid, CopyOptions options) {
        long estimate = FrozenCopy.estimateBytes(SmapsParser.parse(LiveProcessImage.readProcFile(pid, "smaps")));
        checkBudget(pid, estimate, options, availableBytes());
        // room for growth between the estimate and the stop, touched (and resident) only if used
        PageStore store = PageStore.allocate(estimate + estimate / 8 + (4L << 20), estimate, options.spillDir());
        Memory raw = null;
        PagemapResidency pagemap = null;
        try {
            raw = ProcessVmMemory.open(pid);
            pagemap = PagemapResidency.open(pid, ZeroPage.frameNumber());
            FrozenCopy.Result r = new FrozenCopy(pid, pagemap, raw, store).take(options);
            Memory live = CachedMemory.of(new NonFaultingMemory(pid, raw, pagemap, r.mappings()), 64);
            return new CopiedProcessImage(pid, r, new CopiedMemory(store, r.runs(), r.badPages(), r.mappings(), live),
                    pagemap, null);
        } catch (IOException e) {
            close(store, raw, pagemap);
            throw ProcFs.failure(pid, ProcFs.path(pid, "pagemap"), e);
        } catch (RuntimeException e) {
            close(store, raw, pagemap);
            throw e;
        }
    }

    /**
     * Refuses a copy of {@code bytes} that would take longer than the pause bound at the assumed speed, or that needs
     * more than half the available memory without a spill directory.
     */
    static void checkBudget(int pid, long bytes, CopyOptions options, long availableBytes) {
        long millis = estimatedPauseMillis(bytes);
        if (millis > options.maxPause().toMillis()) {
            throw new PauseRefusedException(String.format(Locale.ROOT,
                    "pid %d not stopped: copying its %d MiB would pause it about %d ms, over --max-pause %d ms"
                            + " (raise --max-pause, or use --no-freeze)",
                    pid, bytes >> 20, millis, options.maxPause().toMillis()));
        }
        if (options.spillDir().isEmpty() && availableBytes > 0 && bytes > availableBytes / 2) {
            throw new PauseRefusedException(String.format(Locale.ROOT,
                    "pid %d not stopped: its copy needs %d MiB, more than half of the %d MiB available"
                            + " (use --spill DIR, or --no-freeze)", pid, bytes >> 20, availableBytes >> 20));
        }
    }

    /** The pause a copy of {@code bytes} is expected to cost, in milliseconds. */
    static long estimatedPauseMillis(long bytes) {
        return FIXED_PAUSE_MILLIS + bytes * 1000 / ASSUMED_BYTES_PER_SECOND;
    }

    /** MemAvailable from /proc/meminfo in bytes, 0 if unknown. */
    private static long availableBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown: no memory check
        }
        return 0;
    }

    private static void close(PageStore store, Memory raw, PagemapResidency pagemap) {
        store.close();
        if (raw != null) {
            raw.close();
        }
        if (pagemap != null) {
            pagemap.close();
        }
    }

    /** The process's facts, read while it was stopped. */
    public ProcessFacts facts() {
        return copy.facts();
    }

    /** How long the target was stopped, in milliseconds (at least 1). */
    public long pauseMillis() {
        return copy.pauseMillis();
    }

    /** Bytes copied. */
    public long copiedBytes() {
        return copy.copiedBytes();
    }

    /** Warnings about the copy (pages that could not be read while the target was stopped). */
    public List<String> warnings() {
        return copy.badPages().isEmpty() ? List.of()
                : List.of(copy.badPages().size() + " pages could not be read while the target was stopped");
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public List<Mapping> mappings() {
        return copy.mappings();
    }

    @Override
    public Memory memory() {
        return memory;
    }

    /**
     * One page-start scan per copy, shared by its views: a mapping the glibc walk scanned is not scanned again by the
     * LuaJIT walk on the other thread, nor its pagemap read again.
     */
    @Override
    public PageHeads pageHeads() {
        return pageHeads;
    }

    @Override
    public Residency residency() {
        return new Residency() {
            /**
             * The copy's residency, mapping by mapping across the range; a range that reaches a page outside the
             * copied mappings is answered by pagemap (a mapping the copy left out: file text, shared memory).
             */
            @Override
            public Optional<BitSet> residentPages(long start, long end) {
                BitSet out = new BitSet((int) ((end - start) / 4096));
                long pos = start;
                while (pos < end) {
                    Optional<Mapping> m = mappingAt(pos);
                    BitSet bits = m.map(x -> copy.residentByMapping().get(x.start())).orElse(null);
                    if (bits == null) {
                        return pagemap.residentPages(start, end);
                    }
                    long runEnd = Math.min(end, m.get().end());
                    int from = (int) ((pos - m.get().start()) / 4096);
                    int base = (int) ((pos - start) / 4096);
                    BitSet part = bits.get(from, from + (int) ((runEnd - pos) / 4096));
                    for (int i = part.nextSetBit(0); i >= 0; i = part.nextSetBit(i + 1)) {
                        out.set(base + i);
                    }
                    pos = runEnd;
                }
                return Optional.of(out);
            }

            @Override
            public long pageSizeBytes() {
                return 4096;
            }
        };
    }

    /**
     * A view for a walker on another thread: the copy's memory (thread-safe: the store is read with absolute gets,
     * pages outside it through a synchronized cache over the stopped-time mappings) behind a cache of its own, and
     * the same residency (read-only bit sets and positional pagemap reads).
     */
    @Override
    public Optional<ProcessImage> concurrentView() {
        return Optional.of(new CopiedProcessImage(pid, copy, copied, pagemap, pageHeads));
    }

    private static Memory unclosable(Memory inner) {
        return new Memory() {
            @Override
            public void read(long address, byte[] dst, int offset, int length) {
                inner.read(address, dst, offset, length);
            }

            @Override
            public BitSet readEach(long[] addresses, int count, int length, byte[] dst) {
                return inner.readEach(addresses, count, length, dst);
            }
        };
    }

    @Override
    public Optional<Path> file(Mapping mapping) {
        return LiveProcessImage.fileOf(pid, mapping);
    }

    @Override
    public void close() {
        memory.close();
        if (!view) {
            pagemap.close();
        }
    }
}
