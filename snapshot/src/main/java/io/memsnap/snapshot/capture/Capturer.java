// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.capture;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.model.HostInfo;
import io.memsnap.snapshot.model.LayerSection;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.Plausibility;
import io.memsnap.snapshot.model.ProcStatus;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.ResidentClaim;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.ProcStat;
import io.memsnap.snapshot.target.ProcessDiscovery;
import io.memsnap.snapshot.target.ProcessFacts;
import io.memsnap.snapshot.target.ProcessImage;
import io.memsnap.snapshot.target.core.CoreFacts;
import io.memsnap.snapshot.target.core.CoreProcessImage;
import io.memsnap.snapshot.target.live.CopiedProcessImage;
import io.memsnap.snapshot.target.live.CopyOptions;
import io.memsnap.snapshot.target.live.LiveFacts;
import io.memsnap.snapshot.target.live.LiveProcessImage;
import io.memsnap.snapshot.target.live.PauseRefusedException;
import io.memsnap.snapshot.walk.HeapShare;
import io.memsnap.snapshot.walk.LayerResult;
import io.memsnap.snapshot.walk.LayerWalker;
import io.memsnap.snapshot.walk.WalkContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Captures processes into a {@link Snapshot}: discovers the processes, and for each one (when freezing) stops it,
 * copies its writable memory with its mappings and {@code /proc} facts and lets it run again
 * ({@link CopiedProcessImage}), then runs the {@link LayerWalker}s on the copy and builds the RSS breakdown. Without
 * freezing, the walkers read the running process. The same assembly ({@link #assemble}) serves non-live images such as core files.
 *
 * <p>Failure policy: the requested process exiting, or access being refused, ends the capture with a
 * {@link MemsnapException} (TARGET_GONE / PERMISSION). A worker that exits while its master's other workers are
 * being captured is left out with a warning on the first process, so one recycled worker does not lose the rest.
 * A target that cannot be frozen for a reason other than permission (e.g. a child of memsnap itself) is captured
 * unfrozen, with a warning; a copy refused or abandoned for its pause or memory bound ends the capture
 * ({@link PauseRefusedException}). Thread-safe if the walkers are; it holds no mutable state. On a frozen copy the
 * self-contained walkers (LuaJIT) run on a second thread beside the others.
 */
public final class Capturer {
    /** How often a frozen copy is taken again when its walk met a half-done update. */
    static final int COPY_ATTEMPTS = 3;
    private final Clock clock;
    private final List<LayerWalker> walkers;
    private final String memsnapVersion;

    /**
     * @param clock source of {@code captured_at}
     * @param walkers the allocator layers to walk, in order (later claims apply after earlier ones)
     * @param memsnapVersion recorded in the snapshot's host section
     */
    public Capturer(Clock clock, List<LayerWalker> walkers, String memsnapVersion) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.walkers = List.copyOf(walkers);
        this.memsnapVersion = Objects.requireNonNull(memsnapVersion, "memsnapVersion");
    }

    /**
     * Captures {@code pid} (and, for an nginx master, its workers) as snapshot {@code source "pid N"}.
     *
     * @throws MemsnapException TARGET_GONE "no process with pid N" or exited during capture, PERMISSION with how to
     *     get access
     */
    public Snapshot captureLive(int pid, CaptureOptions options) {
        return captureLive(pid, options, CaptureProgress.NONE);
    }

    /** As {@link #captureLive(int, CaptureOptions)}, telling {@code progress} what it does. */
    public Snapshot captureLive(int pid, CaptureOptions options, CaptureProgress progress) {
        String capturedAt = clock.instant().toString();
        List<ProcessDiscovery.Discovered> found = ProcessDiscovery.discover(pid, options.includeWorkers());
        List<ProcessSnapshot> processes = new ArrayList<>();
        List<String> vanished = new ArrayList<>();
        for (ProcessDiscovery.Discovered d : found) {
            int index = processes.size() + vanished.size() + 1;
            CaptureProgress.Stage stage = (st, bytes) -> progress.stage(index, found.size(), d.pid(), st, bytes);
            try {
                processes.add(captureOne(d.pid(), options, stage));
            } catch (MemsnapException e) {
                if (d.pid() == pid || e.kind() != MemsnapException.Kind.TARGET_GONE) {
                    throw e;
                }
                vanished.add("worker pid " + d.pid() + " exited during capture and is not included");
            }
        }
        if (!vanished.isEmpty()) {
            processes.set(0, processes.get(0).withMoreWarnings(vanished));
        }
        return new Snapshot(Snapshot.FORMAT, capturedAt, "pid " + pid, liveHost(), processes);
    }

    /**
     * Reads a core file (gdb's gcore or a kernel core) into a one-process snapshot, source {@code core PATH}. Facts
     * come from the core's notes; Rss is estimated from the dumped pages, and the snapshot says so in a warning.
     *
     * @throws MemsnapException BAD_INPUT if the file is not a readable x86-64 process core
     */
    public Snapshot captureCore(Path file) {
        try (CoreProcessImage image = CoreProcessImage.open(file)) {
            CoreFacts cf = image.facts();
            String exe = cf.exe().orElse("");
            // a core records its threads (one NT_PRSTATUS each) but none of the other status counters
            ProcStatus status = new ProcStatus(0, 0, 0, 0, 0, 0, 0, cf.threads());
            ProcessFacts facts = new ProcessFacts(ProcessSnapshot.unread(cf.pid(), cf.ppid(),
                    ProcessDiscovery.classify(cf.comm(), cf.cmdline(), exe, image.mappings()), cf.comm(),
                    cf.cmdline(), exe, status, Optional.empty()), image.threadStackPointers());
            String writtenAt = modified(file);
            List<String> warnings = new ArrayList<>(image.warnings());
            warnings.add(CORE_TIME_WARNING + " (" + writtenAt + "), not a time the core records; the kernel release "
                    + "of the machine it came from is unknown");
            ProcessSnapshot ps = assemble(image, facts, warnings)
                    .withWarningReplaced(Plausibility.TORN, Plausibility.TORN_CORE);
            return new Snapshot(Snapshot.FORMAT, writtenAt, "core " + file,
                    new HostInfo(HostInfo.UNKNOWN_KERNEL, 4096, memsnapVersion), List.of(ps));
        }
    }

    /** How the warning on a core's capture time starts (the analyzer keys its advice on it). */
    public static final String CORE_TIME_WARNING = "captured_at is the core file's modification time";

    private static String modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant().toString();
        } catch (IOException e) {
            throw new MemsnapException(MemsnapException.Kind.BAD_INPUT, "cannot read the modification time of " + file
                    + ": " + e.getMessage(), e);
        }
    }

    /** Rss from {@code /proc/PID/statm} (pages), 0 if unreadable: only for the progress line. */
    private static long residentBytes(int pid) {
        try {
            String[] f = ProcFs.readText(pid, "statm").trim().split(" ");
            return Long.parseLong(f[1]) * 4096;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** A snapshot of already assembled processes (core files), stamped with this capturer's clock. */
    public Snapshot snapshot(String source, HostInfo host, List<ProcessSnapshot> processes) {
        return new Snapshot(Snapshot.FORMAT, clock.instant().toString(), source, host, processes);
    }

    /** Host facts of this machine: kernel release, page size 4096, memsnap version. */
    public HostInfo liveHost() {
        String kernel;
        try {
            kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            kernel = "";
        }
        return new HostInfo(kernel, 4096, memsnapVersion);
    }

    private ProcessSnapshot captureOne(int pid, CaptureOptions options, CaptureProgress.Stage progress) {
        List<String> warnings = new ArrayList<>();
        if (options.freeze()) {
            try {
                return frozenCapture(pid, options, warnings, progress);
            } catch (PauseRefusedException e) {
                throw e;
            } catch (MemsnapException e) {
                if (e.kind() != MemsnapException.Kind.UNSUPPORTED) {
                    throw e;
                }
                warnings.add("captured without freezing: " + e.getMessage());
            }
        }
        ProcessSnapshot ps;
        try (LiveProcessImage image = LiveProcessImage.open(pid)) {
            ps = assemble(image, LiveFacts.read(pid, image.mappings()), warnings, progress);
        }
        requireAlive(pid);
        return ps;
    }

    /**
     * A capture of a frozen copy. A process stopped at an arbitrary instruction can be in the middle of updating a
     * structure (a table being resized, an object being linked): the copy is then consistent as memory but a walk of
     * it meets a half-done update and marks the layer torn. Such a copy is thrown away and the process copied again,
     * up to {@value #COPY_ATTEMPTS} times; the last result stands, with a warning saying how often it was tried.
     */
    private ProcessSnapshot frozenCapture(int pid, CaptureOptions options, List<String> warnings,
            CaptureProgress.Stage progress) {
        ProcessSnapshot ps = null;
        for (int attempt = 1; attempt <= COPY_ATTEMPTS; attempt++) {
            progress.at("copying", residentBytes(pid));
            try (CopiedProcessImage image = CopiedProcessImage.capture(pid, new CopyOptions(options.maxPause(),
                    options.freezeTimeout(), options.spillDir()))) {
                List<String> w = new ArrayList<>(warnings);
                w.addAll(image.warnings());
                ps = assemble(image, image.facts(), w, progress).withFreezePause(image.pauseMillis());
            }
            if (!Plausibility.torn(ps)) {
                break;
            }
            if (attempt == COPY_ATTEMPTS) {
                ps = ps.withWarningReplaced(Plausibility.TORN, Plausibility.TORN_FROZEN)
                        .withMoreWarnings(List.of(COPY_ATTEMPTS + " copies of pid " + pid + " each stopped it in the "
                                + "middle of an update; the last one is shown"));
            }
        }
        // the copy is complete and consistent as of the stop, whatever the process did after it
        return alive(pid) ? ps : ps.withMoreWarnings(List.of("process " + pid
                + " exited after it was copied; this is how it was when it was stopped"));
    }

    /**
     * Runs the walkers on {@code image} and assembles its snapshot: breakdown, sections, warnings (the given ones
     * first, then the facts' ones, then the walkers'). The freeze pause is left empty.
     *
     * @throws MemsnapException TARGET_GONE or PERMISSION from a walker
     */
    public ProcessSnapshot assemble(ProcessImage image, ProcessFacts facts, List<String> warnings) {
        return assemble(image, facts, warnings, (stage, bytes) -> { });
    }

    private ProcessSnapshot assemble(ProcessImage image, ProcessFacts facts, List<String> warnings,
            CaptureProgress.Stage progress) {
        List<String> all = new ArrayList<>(warnings);
        all.addAll(facts.warnings());
        List<LayerSection> sections = new ArrayList<>();
        List<ResidentClaim> claims = new ArrayList<>();
        WalkContext context = new WalkContext(facts);
        for (LayerWalker walker : walkers) {
            walker.plan(image, context);
        }
        long rss = image.mappings().stream().mapToLong(Mapping::rssBytes).sum();
        for (Outcome outcome : walkAll(image, context, progress, rss)) {
            all.addAll(outcome.failure());
            if (outcome.result().isEmpty()) {
                continue;
            }
            LayerResult<?> result = outcome.result().get();
            result.section().ifPresent(sections::add);
            claims.addAll(result.claims());
            all.addAll(result.warnings());
        }
        if (all.remove(Plausibility.TORN)) {
            all.removeIf(Plausibility.TORN::equals);
            all.add(0, Plausibility.TORN);
        }
        BreakdownBuilder.Breakdown b =
                BreakdownBuilder.build(image.mappings(), facts.threadStackPointers(), claims);
        all.addAll(b.warnings());
        ProcessSnapshot ps = facts.process().withMemory(rss, image.mappings(), b.entries()).withMoreWarnings(all);
        for (LayerSection section : sections) {
            ps = ps.withSection(section);
        }
        return ps;
    }

    /** What one walker gave: its result, or none and the warnings saying why its findings were dropped. */
    private record Outcome(Optional<LayerResult<?>> result, List<String> failure) {}

    /**
     * Every walker's outcome, in walker order. When the image has a {@link ProcessImage#concurrentView} (a frozen
     * copy), the {@link LayerWalker#selfContained} walkers (LuaJIT) walk it on a second thread while the others
     * (glibc, then nginx, which reads glibc's in-use chunks) walk the image on this one: on 2 cores the LuaJIT walk
     * no longer waits for the glibc and nginx walks. The outcomes are those of one thread walking in order, as
     * neither group reads what the other publishes. The second thread has always finished when this returns or
     * throws, so the caller may close the image.
     */
    private List<Outcome> inOrder(ProcessImage image, WalkContext context, CaptureProgress.Stage progress,
            long rssBytes) {
        List<Outcome> outcomes = new ArrayList<>();
        for (LayerWalker walker : walkers) {
            progress.at(walker.name(), rssBytes);
            outcomes.add(walk(walker, image, context));
        }
        return outcomes;
    }

    private List<Outcome> walkAll(ProcessImage image, WalkContext context, CaptureProgress.Stage progress,
            long rssBytes) {
        List<LayerWalker> aside = walkers.stream().filter(LayerWalker::selfContained).toList();
        Optional<ProcessImage> view = aside.isEmpty() || aside.size() == walkers.size() ? Optional.empty()
                : image.concurrentView();
        if (view.isEmpty()) {
            return inOrder(image, context, progress, rssBytes);
        }
        List<Outcome> outcomes = new ArrayList<>();
        FutureTask<List<Outcome>> side = new FutureTask<>(() -> {
            List<Outcome> out = new ArrayList<>();
            for (LayerWalker walker : aside) {
                out.add(walk(walker, view.get(), context));
            }
            return out;
        });
        Thread thread = new Thread(side, "memsnap-walk-" + aside.get(0).name());
        thread.setDaemon(true);
        // registered before the other thread starts, so that it holds little of the heap from its first allocation
        // until the walks on this thread end
        HeapShare.Beside beside = HeapShare.beside();
        try {
            thread.start();
        } catch (OutOfMemoryError e) {
            // no thread to be had (native limit): the same walkers, one after another on this thread
            beside.close();
            view.get().close();
            return inOrder(image, context, progress, rssBytes);
        }
        try {
            try (beside) {
                for (LayerWalker walker : walkers) {
                    if (!walker.selfContained()) {
                        progress.at(walker.name(), rssBytes);
                        outcomes.add(walk(walker, image, context));
                    }
                }
            }
            progress.at(aside.get(aside.size() - 1).name(), rssBytes);
            Iterator<Outcome> asideOutcomes = result(side).iterator();
            List<Outcome> ordered = new ArrayList<>();
            Iterator<Outcome> own = outcomes.iterator();
            for (LayerWalker walker : walkers) {
                ordered.add(walker.selfContained() ? asideOutcomes.next() : own.next());
            }
            return ordered;
        } finally {
            joinUninterruptibly(thread);
            view.get().close();
        }
    }

    /** The value of a finished or running task; its exception rethrown as it was thrown. */
    private static <T> T result(FutureTask<T> task) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the walk is bounded; the image must not be closed under it
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs one walker; no result (with the warnings why) if it failed and its findings must be dropped. */
    private static Outcome walk(LayerWalker walker, ProcessImage image, WalkContext context) {
        List<String> warnings = new ArrayList<>();
        try {
            LayerResult<?> r = walker.walk(image, context);
            List<String> violations = r.section()
                    .map(s -> Plausibility.violations("pid " + image.pid(), s)).orElse(List.of());
            if (violations.isEmpty()) {
                return new Outcome(Optional.of(r), List.of());
            }
            // parts larger than their whole: the layer changed under the walk (or is corrupt); nothing of it is kept
            warnings.addAll(r.warnings());
            warnings.add(walker.name() + " layer dropped, its numbers are impossible: "
                    + String.join("; ", violations.subList(0, Math.min(3, violations.size()))));
            warnings.add(Plausibility.TORN);
        } catch (MemsnapException e) {
            if (e.kind() == MemsnapException.Kind.TARGET_GONE || e.kind() == MemsnapException.Kind.PERMISSION) {
                throw e;
            }
            warnings.add(walker.name() + " layer skipped: " + e.getMessage());
        } catch (RuntimeException e) {
            warnings.add(walker.name() + " layer skipped after an internal error (please report): " + e);
        }
        return new Outcome(Optional.empty(), warnings);
    }

    private static boolean alive(int pid) {
        try {
            requireAlive(pid);
            return true;
        } catch (MemsnapException e) {
            return false;
        }
    }

    private static void requireAlive(int pid) {
        char state;
        try {
            state = ProcStat.parse(ProcFs.readText(pid, "stat")).state();
        } catch (MemsnapException e) {
            state = 'X';
        }
        if (state == 'Z' || state == 'X') {
            throw new MemsnapException(MemsnapException.Kind.TARGET_GONE, "process " + pid + " exited during capture");
        }
    }
}
