// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.target.live;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.proc.PermissionAdvice;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.ProcStat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops every thread of a process for a consistent capture, and lets it run again on {@link #close()}.
 *
 * <p>Each thread is attached with {@code PTRACE_SEIZE} and stopped with {@code PTRACE_INTERRUPT}, never with
 * SIGSTOP: if memsnap dies while the target is frozen, the kernel detaches the tracees and they run on, and a
 * process that was already group-stopped (SIGSTOP, state T) stays stopped after detach instead of being resumed.
 * {@code /proc/PID/task} is re-scanned until no new threads appear. A thread that receives a signal while being
 * frozen reports a signal-delivery stop; that signal is handed back on detach, so nothing is lost. Every failure
 * path detaches what was attached before the exception leaves. One limit: the kernel only detaches a stopped
 * tracee, so a thread that never stops (stuck in uninterruptible sleep past the timeout) stays attached, running,
 * until it stops or memsnap exits; at exit the kernel detaches it.
 *
 * <p>Thread confinement: Linux accepts ptrace and waitpid on a tracee only from the OS thread that attached it, so
 * every call runs on one dedicated thread owned by this object; the public methods may be called from any thread.
 * A target that is a child of this JVM cannot be frozen: the JDK's process reaper would consume its stop
 * notifications, so {@link #freeze} refuses it ({@code UNSUPPORTED}).
 */
public final class Freezer implements AutoCloseable {
    private static final int PTRACE_DETACH = 17;
    private static final int PTRACE_SEIZE = 0x4206;
    private static final int PTRACE_INTERRUPT = 0x4207;
    private static final int WNOHANG = 1;
    private static final int WALL = 0x40000000;
    private static final int MAX_SCANS = 1000;

    private final int pid;
    private final long timeoutNanos;
    private final ExecutorService thread;
    /** Attached tids; the value is 1 once the thread is known to be stopped. */
    private final Map<Integer, Integer> stopped = new LinkedHashMap<>();
    /** Signals that arrived while freezing, to re-deliver on detach, by tid. */
    private final Map<Integer, Integer> pendingSignals = new LinkedHashMap<>();
    private long frozenAtNanos;
    private long pauseNanos = -1;

    private Freezer(int pid, Duration timeout) {
        this.pid = pid;
        this.timeoutNanos = timeout.toNanos();
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "memsnap-freezer-" + pid);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Stops every thread of {@code pid}, waiting at most {@code timeout} for each to stop.
     *
     * @throws MemsnapException TARGET_GONE if the process exits, PERMISSION if ptrace is refused (with advice),
     *     UNSUPPORTED for a child of this JVM or a thread that does not stop in time
     */
    public static Freezer freeze(int pid, Duration timeout) {
        ProcStat stat = ProcStat.parse(ProcFs.readText(pid, "stat"));
        if (pid == ProcessHandle.current().pid()) {
            throw new MemsnapException(MemsnapException.Kind.UNSUPPORTED, "memsnap cannot freeze itself");
        }
        if (stat.ppid() == ProcessHandle.current().pid()) {
            throw new MemsnapException(MemsnapException.Kind.UNSUPPORTED,
                    "cannot freeze pid " + pid + ": it is a child of memsnap itself");
        }
        Freezer f = new Freezer(pid, timeout);
        try {
            f.onThread(f::stopAll);
            return f;
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** The frozen process. */
    public int pid() {
        return pid;
    }

    /** The thread ids that are stopped, in the order they were attached. */
    public List<Integer> threads() {
        return onThread(() -> new ArrayList<>(stopped.keySet()));
    }

    /**
     * How long the target has been (or was, after close) stopped, in milliseconds, rounded up: any freeze reports
     * at least 1. Measured from the first stopped thread to the last detach.
     */
    public long pauseMillis() {
        long nanos = pauseNanos >= 0 ? pauseNanos : System.nanoTime() - frozenAtNanos;
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    private Void stopAll() {
        for (int scan = 0; scan < MAX_SCANS; scan++) {
            List<Integer> fresh = new ArrayList<>();
            for (int tid : ProcFs.taskIds(pid)) {
                if (!stopped.containsKey(tid) && seize(tid)) {
                    fresh.add(tid);
                }
            }
            if (fresh.isEmpty()) {
                if (stopped.isEmpty()) {
                    throw gone();
                }
                return null;
            }
            for (int tid : fresh) {
                awaitStop(tid);
            }
        }
        throw new MemsnapException(MemsnapException.Kind.UNSUPPORTED,
                "pid " + pid + " keeps creating threads; could not freeze it after " + MAX_SCANS + " scans");
    }

    /** Attaches and interrupts one thread; false if it exited first. */
    private boolean seize(int tid) {
        SyscallResult r = LinuxLibc.ptraceCall(PTRACE_SEIZE, tid, 0, 0);
        if (!r.succeeded()) {
            if (r.errno() == LinuxLibc.ESRCH) {
                return false;
            }
            if (r.errno() == LinuxLibc.EPERM || r.errno() == LinuxLibc.EACCES) {
                throw refused(tid);
            }
            throw new MemsnapException(MemsnapException.Kind.INTERNAL,
                    "PTRACE_SEIZE of tid " + tid + " (pid " + pid + ") failed with errno " + r.errno());
        }
        stopped.put(tid, 0);
        if (frozenAtNanos == 0) {
            frozenAtNanos = System.nanoTime();
        }
        LinuxLibc.ptraceCall(PTRACE_INTERRUPT, tid, 0, 0);
        return true;
    }

    /** Waits until {@code tid} reports a stop; a thread that exits meanwhile is forgotten. */
    private void awaitStop(int tid) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            SyscallResult r = LinuxLibc.waitpidCall(tid, WALL | WNOHANG);
            if (r.succeeded() && r.value() == tid) {
                int status = r.waitStatus();
                if ((status & 0xff) == 0x7f) {
                    int sig = (status >> 8) & 0xff;
                    // event 0 is a signal-delivery stop: the signal would be lost unless passed back on detach
                    if ((status >>> 16) == 0) {
                        pendingSignals.put(tid, sig);
                    }
                    stopped.put(tid, 1);
                } else {
                    stopped.remove(tid);
                }
                return;
            }
            if (!r.succeeded() && r.errno() != LinuxLibc.EINTR) {
                stopped.remove(tid);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new MemsnapException(MemsnapException.Kind.UNSUPPORTED, String.format(Locale.ROOT,
                        "thread %d of pid %d did not stop within %d ms (uninterruptible sleep?)", tid, pid,
                        timeoutNanos / 1_000_000));
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private MemsnapException refused(int tid) {
        String tracer = statusField(tid, "TracerPid:");
        if (!tracer.isEmpty() && !tracer.equals("0")) {
            // TracerPid names the tracing thread; its Tgid is the process a user recognises
            String process = statusField(Integer.parseInt(tracer), "Tgid:");
            return new MemsnapException(MemsnapException.Kind.PERMISSION, "cannot freeze pid " + pid
                    + ": it is already being traced by process " + (process.isEmpty() ? tracer : process)
                    + " (gdb, strace or another memsnap?); detach that first, or capture without freezing");
        }
        return new MemsnapException(MemsnapException.Kind.PERMISSION, "ptrace refused for tid " + tid + " of pid "
                + pid + ": " + PermissionAdvice.forPid(pid));
    }

    /** A field of {@code /proc/ID/status}, empty if unreadable. */
    private static String statusField(int id, String field) {
        try {
            for (String line : ProcFs.readText(id, "status").split("\n")) {
                if (line.startsWith(field)) {
                    return line.substring(field.length()).trim();
                }
            }
        } catch (MemsnapException e) {
            // the caller falls back to a message without this detail
        }
        return "";
    }

    private MemsnapException gone() {
        return new MemsnapException(MemsnapException.Kind.TARGET_GONE, "process " + pid + " exited during capture");
    }

    /** Detaches every attached thread; the target runs again (or stays group-stopped if it was). Idempotent. */
    @Override
    public void close() {
        if (thread.isShutdown()) {
            return;
        }
        try {
            onThread(this::detachAll);
        } finally {
            thread.shutdown();
        }
    }

    private Void detachAll() {
        for (Map.Entry<Integer, Integer> e : stopped.entrySet()) {
            int tid = e.getKey();
            if (e.getValue() == 0) {
                // attached but never seen stopped (a failure mid-freeze): DETACH only works on a stopped tracee
                LinuxLibc.ptraceCall(PTRACE_INTERRUPT, tid, 0, 0);
                try {
                    awaitStop(tid);
                } catch (MemsnapException timeout) {
                    continue;
                }
            }
            LinuxLibc.ptraceCall(PTRACE_DETACH, tid, 0, pendingSignals.getOrDefault(tid, 0));
        }
        stopped.clear();
        if (frozenAtNanos != 0) {
            pauseNanos = System.nanoTime() - frozenAtNanos;
        }
        return null;
    }

    private <T> T onThread(Callable<T> task) {
        Future<T> f = thread.submit(task);
        try {
            return f.get(timeoutNanos * 4 + TimeUnit.SECONDS.toNanos(5), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new MemsnapException(MemsnapException.Kind.INTERNAL, "freezer failed: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemsnapException(MemsnapException.Kind.INTERNAL, "interrupted while freezing pid " + pid, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new MemsnapException(MemsnapException.Kind.INTERNAL, "freezer thread for pid " + pid + " hung", e);
        }
    }
}
