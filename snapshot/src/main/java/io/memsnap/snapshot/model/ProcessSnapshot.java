// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.model;

import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.nginx.NginxSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything captured about one process.
 *
 * @param pid process id in the target's pid namespace as seen by memsnap
 * @param ppid parent pid (0 if unknown)
 * @param role master, worker, luajit or other
 * @param name the kernel's {@code comm}
 * @param cmdline the command line, arguments joined by spaces
 * @param exe path of the executable as the target sees it
 * @param rssBytes resident bytes: the sum of every mapping's Rss
 * @param status counters from {@code /proc/PID/status}
 * @param cgroupMemoryLimitBytes the memory limit of the process's cgroup, absent if unlimited or unknown
 * @param freezePauseMillis how long the target was stopped for capture, absent if it was not frozen
 * @param mappings every VMA in address order
 * @param breakdown resident bytes by category; the entries sum to {@code rssBytes}
 * @param glibc the glibc malloc section, absent if the process has no glibc malloc state memsnap can walk
 * @param luajit the LuaJIT section, absent if no LuaJIT VM was found
 * @param nginx the nginx section (pools, owners, shared zones), absent if the process is not an nginx memsnap reads
 * @param warnings what could not be read or verified, in plain words
 */
public record ProcessSnapshot(
        int pid,
        int ppid,
        Role role,
        String name,
        String cmdline,
        String exe,
        long rssBytes,
        ProcStatus status,
        Optional<Long> cgroupMemoryLimitBytes,
        Optional<Long> freezePauseMillis,
        List<Mapping> mappings,
        List<BreakdownEntry> breakdown,
        Optional<GlibcHeap> glibc,
        Optional<LuaJitHeap> luajit,
        Optional<NginxSection> nginx,
        List<String> warnings) {

    public ProcessSnapshot {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cmdline, "cmdline");
        Objects.requireNonNull(exe, "exe");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(cgroupMemoryLimitBytes, "cgroupMemoryLimitBytes");
        Objects.requireNonNull(freezePauseMillis, "freezePauseMillis");
        Objects.requireNonNull(glibc, "glibc");
        Objects.requireNonNull(luajit, "luajit");
        Objects.requireNonNull(nginx, "nginx");
        mappings = List.copyOf(mappings);
        breakdown = List.copyOf(breakdown);
        warnings = List.copyOf(warnings);
        long sum = breakdown.stream().mapToLong(BreakdownEntry::bytes).sum();
        if (sum != rssBytes) {
            throw new IllegalArgumentException("breakdown sums to " + sum + " but rss is " + rssBytes);
        }
    }

    /** A snapshot without an nginx section (the shape before the nginx layer). */
    public ProcessSnapshot(int pid, int ppid, Role role, String name, String cmdline, String exe, long rssBytes,
            ProcStatus status, Optional<Long> cgroupMemoryLimitBytes, Optional<Long> freezePauseMillis,
            List<Mapping> mappings, List<BreakdownEntry> breakdown, Optional<GlibcHeap> glibc,
            Optional<LuaJitHeap> luajit, List<String> warnings) {
        this(pid, ppid, role, name, cmdline, exe, rssBytes, status, cgroupMemoryLimitBytes, freezePauseMillis,
                mappings, breakdown, glibc, luajit, Optional.empty(), warnings);
    }

    /**
     * A process before its memory is read: identity and counters only (Rss 0; no mappings, breakdown, freeze pause,
     * layer sections or warnings). A target describes a process with it ({@code target.ProcessFacts}); the capture
     * adds the rest with {@link #withMemory}, {@link #withSection}, {@link #withMoreWarnings} and
     * {@link #withFreezePause}.
     */
    public static ProcessSnapshot unread(int pid, int ppid, Role role, String name, String cmdline, String exe,
            ProcStatus status, Optional<Long> cgroupMemoryLimitBytes) {
        return new ProcessSnapshot(pid, ppid, role, name, cmdline, exe, 0, status, cgroupMemoryLimitBytes,
                Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of());
    }

    /**
     * False only for a snapshot as {@link #unread} makes it: nothing of the process's memory in it yet. (Not named
     * like a getter: snapshot files hold record components only.)
     */
    public boolean holdsMemory() {
        return rssBytes != 0 || !mappings.isEmpty() || !breakdown.isEmpty() || freezePauseMillis.isPresent()
                || glibc.isPresent() || luajit.isPresent() || nginx.isPresent() || !warnings.isEmpty();
    }

    /** This snapshot with its memory: Rss, every mapping and the breakdown of the Rss (which must sum to it). */
    public ProcessSnapshot withMemory(long rssBytes, List<Mapping> mappings, List<BreakdownEntry> breakdown) {
        return new ProcessSnapshot(pid, ppid, role, name, cmdline, exe, rssBytes, status, cgroupMemoryLimitBytes,
                freezePauseMillis, mappings, breakdown, glibc, luajit, nginx, warnings);
    }

    /**
     * This snapshot with {@code section} in the component of its layer (replacing what was there).
     *
     * @throws IllegalArgumentException for a section type this model does not know
     */
    public ProcessSnapshot withSection(LayerSection section) {
        Optional<GlibcHeap> g = glibc;
        Optional<LuaJitHeap> l = luajit;
        Optional<NginxSection> n = nginx;
        if (section instanceof GlibcHeap heap) {
            g = Optional.of(heap);
        } else if (section instanceof LuaJitHeap heap) {
            l = Optional.of(heap);
        } else if (section instanceof NginxSection pools) {
            n = Optional.of(pools);
        } else {
            throw new IllegalArgumentException("unknown layer section " + section.getClass().getName());
        }
        return new ProcessSnapshot(pid, ppid, role, name, cmdline, exe, rssBytes, status, cgroupMemoryLimitBytes,
                freezePauseMillis, mappings, breakdown, g, l, n, warnings);
    }

    /** This snapshot with the freeze pause set to {@code millis}. */
    public ProcessSnapshot withFreezePause(long millis) {
        return new ProcessSnapshot(pid, ppid, role, name, cmdline, exe, rssBytes, status, cgroupMemoryLimitBytes,
                Optional.of(millis), mappings, breakdown, glibc, luajit, nginx, warnings);
    }

    /** This process with every warning equal to {@code old} replaced by {@code replacement}. */
    public ProcessSnapshot withWarningReplaced(String old, String replacement) {
        List<String> all = warnings.stream().map(w -> w.equals(old) ? replacement : w).toList();
        return new ProcessSnapshot(pid, ppid, role, name, cmdline, exe, rssBytes, status, cgroupMemoryLimitBytes,
                freezePauseMillis, mappings, breakdown, glibc, luajit, nginx, all);
    }

    /** This snapshot with {@code more} appended to its warnings. */
    public ProcessSnapshot withMoreWarnings(List<String> more) {
        List<String> all = new ArrayList<>(warnings);
        all.addAll(more);
        return new ProcessSnapshot(pid, ppid, role, name, cmdline, exe, rssBytes, status, cgroupMemoryLimitBytes,
                freezePauseMillis, mappings, breakdown, glibc, luajit, nginx, all);
    }

    /** Bytes of one breakdown category, 0 if absent. */
    public long bytesOf(Category category) {
        return breakdown.stream().filter(e -> e.category() == category).mapToLong(BreakdownEntry::bytes).sum();
    }
}
