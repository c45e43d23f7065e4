// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Parses the text of {@code perf script -F pid,tid,time,event,trace,ip,sym,symoff,dso --ns --no-inline
 * --show-lost-events} into {@link PerfEvent}s, streaming. A sample is a header line, then (for probes recorded with
 * a call graph) one tab-indented frame line per frame and a blank line. Not thread-safe.
 */
public final class PerfScriptParser {
    /** The frame name for a return address in the uprobe trampoline; the unwinder cannot go past it. */
    public static final String TRAMPOLINE = "[uretprobe trampoline]";

    private final String groupPrefix;

    /** A parser that keeps only events whose group starts with {@code groupPrefix}. */
    public PerfScriptParser(String groupPrefix) {
        this.groupPrefix = groupPrefix;
    }

    /** Reads all of {@code in}, handing each event to {@code events} and each lost-record count to {@code lost}. */
    public void parse(BufferedReader in, java.util.function.Consumer<PerfEvent> events, LongConsumer lost)
            throws IOException {
        Header pending = null;
        List<String> frames = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.isEmpty() && line.charAt(0) == '\t') {
                if (pending != null) {
                    frames.add(frameName(line));
                }
                continue;
            }
            if (pending != null) {
                events.accept(pending.event(frames));
                frames.clear();
                pending = null;
            }
            if (line.isBlank()) {
                continue;
            }
            int lostAt = line.indexOf("PERF_RECORD_LOST");
            if (lostAt >= 0) {
                lost.accept(lastNumber(line));
            } else {
                pending = header(line);
            }
        }
        if (pending != null) {
            events.accept(pending.event(frames));
        }
    }

    private record Header(int pid, int tid, long timeNanos, String probe, boolean returned, long arg0, long arg1) {
        PerfEvent event(List<String> frames) {
            return new PerfEvent(pid, tid, timeNanos, probe, returned, arg0, arg1, frames);
        }
    }

    /** Parses {@code " 9368/9368   170.876871944: memsnap_1_libc:malloc__return: (a <- b) ret=1 csize=2 ..."}. */
    Header header(String line) {
        String s = line.strip();
        int slash = s.indexOf('/');
        int sp = s.indexOf(' ');
        if (slash < 0 || sp < slash) {
            return null;
        }
        int pid = Integer.parseInt(s.substring(0, slash));
        int tid = Integer.parseInt(s.substring(slash + 1, sp));
        int colon = s.indexOf(": ", sp);
        long time = parseTime(s.substring(sp, colon).strip());
        String rest = s.substring(colon + 2).stripLeading();
        int evEnd = rest.indexOf(": ");
        String event = rest.substring(0, evEnd);
        int gc = event.indexOf(':');
        if (gc < 0 || !event.startsWith(groupPrefix)) {
            return null;
        }
        String probe = event.substring(gc + 1);
        boolean returned = probe.endsWith("__return");
        if (returned) {
            probe = probe.substring(0, probe.length() - "__return".length());
        }
        long[] args = new long[2];
        int n = 0;
        for (String tok : rest.substring(evEnd + 2).split(" ")) {
            int eq = tok.indexOf('=');
            if (eq > 0 && n < 2 && !tok.startsWith("(")) {
                args[n++] = Long.parseUnsignedLong(tok.substring(eq + 1));
            }
        }
        return new Header(pid, tid, time, probe, returned, args[0], args[1]);
    }

    static long parseTime(String secondsDotNanos) {
        int dot = secondsDotNanos.indexOf('.');
        long secs = Long.parseLong(secondsDotNanos.substring(0, dot));
        String frac = (secondsDotNanos.substring(dot + 1) + "000000000").substring(0, 9);
        return secs * 1_000_000_000L + Long.parseLong(frac);
    }

    /**
     * {@code "\t  11e9 leak_a+0x9 (/tmp/t)"} -> {@code leak_a}; an unknown symbol -> {@code t+0x11e9}; a return
     * address inside the kernel's uprobe trampoline page (the top page of the user address space, where the
     * return address of a function with a pending return probe points) -> {@link #TRAMPOLINE}.
     */
    static String frameName(String line) {
        String s = line.strip();
        int sp = s.indexOf(' ');
        String ip = s.substring(0, sp);
        int paren = s.lastIndexOf(" (");
        String sym = s.substring(sp + 1, paren < 0 ? s.length() : paren).strip();
        if (sym.startsWith("[unknown]") && ip.length() == 12 && ip.startsWith("7fffffff")) {
            return TRAMPOLINE;
        }
        if (sym.startsWith("[unknown]")) {
            String dso = paren < 0 ? "[unknown]" : s.substring(paren + 2, s.length() - 1);
            return dso.substring(dso.lastIndexOf('/') + 1) + "+0x" + ip;
        }
        int plus = sym.lastIndexOf("+0x");
        if (plus > 0) {
            sym = sym.substring(0, plus);
        }
        int at = sym.indexOf('@');
        return at > 0 ? sym.substring(0, at) : sym;
    }

    private static long lastNumber(String line) {
        String[] toks = line.strip().split("\\s+");
        for (int i = toks.length - 1; i >= 0; i--) {
            if (!toks[i].isEmpty() && toks[i].chars().allMatch(Character::isDigit)) {
                return Long.parseLong(toks[i]);
            }
        }
        return 0;
    }
}
