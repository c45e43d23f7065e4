// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import java.util.Objects;

/**
 * One uprobe, defined by a line in the kernel's {@code uprobe_events} and recorded with {@code perf record -e}.
 *
 * @param group the probe group (one per memsnap run, so a stale one can be told from a live one)
 * @param name the event name inside the group, e.g. {@code malloc}
 * @param binary the ELF file the function lives in
 * @param function the function probed (for messages)
 * @param fileOffset the function's entry as an offset in {@code binary} (what uprobes take)
 * @param returnProbe probe the return ({@code %return}) instead of the entry
 * @param fetchArgs perf probe argument list, e.g. {@code ret=$retval:u64 csize=+-8($retval):u64}
 * @param withStack record the user stack (for unwinding) with each hit
 * @param filter an ftrace filter evaluated in the kernel, e.g. {@code csize >= 4096}; empty for none
 */
public record Probe(String group, String name, String binary, String function, long fileOffset, boolean returnProbe,
        String fetchArgs, boolean withStack, String filter) {
    /** Validates. */
    public Probe {
        Objects.requireNonNull(group);
        Objects.requireNonNull(name);
        Objects.requireNonNull(binary);
        Objects.requireNonNull(function);
        Objects.requireNonNull(fetchArgs);
        Objects.requireNonNull(filter);
    }

    /** The {@code uprobe_events} definition, e.g. {@code r:memsnap_1_libc/malloc__return /lib/libc.so.6:0x98930 ...}. */
    public String definition() {
        return (returnProbe ? "r:" : "p:") + group + "/" + eventName() + " " + binary + ":0x"
                + Long.toHexString(fileOffset) + " " + fetchArgs;
    }

    /** The event name inside the group; return probes end in {@code __return}, as perf probe names them. */
    public String eventName() {
        return name + (returnProbe ? "__return" : "");
    }

    /** The event as perf record names it, {@code group:eventName}. */
    public String event() {
        return group + ":" + eventName();
    }

    /**
     * The {@code perf record} arguments for this event. The recording's global {@code --call-graph dwarf} applies
     * to stack probes; the others opt out with a term. (A per-event {@code call-graph=dwarf} term records the stack
     * too, but perf script 6.1 then does not unwind it: measured.)
     */
    public java.util.List<String> recordArgs() {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("-e",
                withStack ? event() : event() + "/call-graph=no/"));
        if (!filter.isEmpty()) {
            args.add("--filter");
            args.add(filter);
        }
        return args;
    }
}
