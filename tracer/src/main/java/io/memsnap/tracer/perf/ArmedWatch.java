// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.proc.ProcFs;
import io.memsnap.snapshot.proc.SmapsParser;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches whether the uprobe breakpoints are installed in the targets: a uprobe replaces the first byte of the
 * probed instruction by {@code int3} in the process's own copy of the page, which {@code /proc/PID/mem} shows. The
 * bytes are read once while no perf has the events open (no breakpoint); afterwards any byte that differs means a
 * breakpoint is in. {@link #armedMillis} polls every {@code POLL_MILLIS} on its own thread until stopped and sums the
 * time any probe was armed: the time the traps really cost, from perf's first {@code perf_event_open} to its last
 * close (perf's own start-up and its writing of the data file are not in it). Read only; one watch per burst.
 */
final class ArmedWatch implements AutoCloseable {
    static final int POLL_MILLIS = 2;
    private final List<RandomAccessFile> files = new ArrayList<>();
    private final List<Long> addresses = new ArrayList<>();
    private final List<Integer> clean = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stop;
    private volatile long armedNanos;
    private volatile boolean seen;

    private ArmedWatch(List<Integer> pids, List<Probe> probes) {
        for (int pid : pids) {
            List<Mapping> maps;
            try {
                maps = SmapsParser.parse(ProcFs.readText(pid, "maps"));
            } catch (RuntimeException e) {
                continue; // exited: nothing to watch there
            }
            for (Probe p : probes) {
                watch(pid, maps, p);
            }
        }
        thread = new Thread(this::poll, "memsnap-armed-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts watching {@code probes} in {@code pids}; call before the burst's perf starts. */
    static ArmedWatch start(List<Integer> pids, List<Probe> probes) {
        return new ArmedWatch(pids, probes);
    }

    /** The runtime address of the probe's file offset, if {@code maps} maps that part of its binary. */
    static long address(List<Mapping> maps, Probe p) {
        for (Mapping m : maps) {
            if (m.path().equals(p.binary()) && m.perms().indexOf('x') >= 0 && p.fileOffset() >= m.offset()
                    && p.fileOffset() < m.offset() + (m.end() - m.start())) {
                return m.start() + p.fileOffset() - m.offset();
            }
        }
        return -1;
    }

    private void watch(int pid, List<Mapping> maps, Probe p) {
        long at = address(maps, p);
        if (at < 0) {
            return;
        }
        RandomAccessFile f = null;
        try {
            f = new RandomAccessFile("/proc/" + pid + "/mem", "r");
            f.seek(at);
            int b = f.read();
            if (b >= 0) {
                files.add(f);
                addresses.add(at);
                clean.add(b);
                f = null;
            }
        } catch (IOException e) {
            // unreadable (gone, or no permission): that process is not watched
        } finally {
            if (f != null) {
                try {
                    f.close();
                } catch (IOException e) {
                    // nothing held
                }
            }
        }
    }

    private void poll() {
        long last = System.nanoTime();
        while (!stop) {
            boolean armed = false;
            for (int i = 0; i < files.size() && !armed; i++) {
                try {
                    files.get(i).seek(addresses.get(i));
                    armed = files.get(i).read() != clean.get(i);
                } catch (IOException e) {
                    // the process exited mid-burst: it no longer traps
                }
            }
            long now = System.nanoTime();
            if (armed) {
                armedNanos += now - last;
                seen = true;
            }
            last = now;
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops watching; returns the milliseconds any breakpoint was seen installed, or -1 if none ever was. */
    long armedMillis() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return seen ? armedNanos / 1_000_000L : -1;
    }

    @Override
    public void close() {
        stop = true;
        for (RandomAccessFile f : files) {
            try {
                f.close();
            } catch (IOException e) {
                // read only: nothing to lose
            }
        }
    }
}
