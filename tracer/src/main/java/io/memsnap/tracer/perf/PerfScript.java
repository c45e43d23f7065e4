// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer.perf;

import io.memsnap.snapshot.MemsnapException;
import io.memsnap.snapshot.MemsnapException.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads recordings back through {@code perf script}, whose DWARF unwinder (libdw, over the {@code .eh_frame} CFI of
 * each mapped binary) turns the copied user stacks into symbolized frames ({@code .symtab}, else {@code .dynsym}).
 * Inline expansion is off: it runs addr2line per frame and made the pass 4x slower in our measurement. Not
 * thread-safe.
 */
public final class PerfScript {
    private final PerfTool tool;
    private final String groupPrefix;
    private volatile long lost;
    private volatile boolean idle;
    private volatile Process running;

    /** Reads events of groups starting with {@code groupPrefix}. */
    public PerfScript(PerfTool tool, String groupPrefix) {
        this.tool = tool;
        this.groupPrefix = groupPrefix;
    }

    /**
     * Hands every event of {@code files} to {@code sink} in time order. Two files (a sampled allocation recording
     * and a complete free recording) are merged: the second one is held in memory, the first streamed.
     */
    public void read(List<Path> files, Consumer<PerfEvent> sink) {
        if (files.size() == 1) {
            stream(files.get(0), sink);
            return;
        }
        List<PerfEvent> second = new ArrayList<>();
        stream(files.get(1), second::add);
        int[] next = {0};
        stream(files.get(0), e -> {
            while (next[0] < second.size() && second.get(next[0]).timeNanos() <= e.timeNanos()) {
                sink.accept(second.get(next[0]++));
            }
            sink.accept(e);
        });
        second.subList(next[0], second.size()).forEach(sink);
    }

    /**
     * Runs the next perf scripts at {@code SCHED_IDLE} (they take only CPU time nothing else wants) or, with
     * {@code false}, at normal priority again, including the one under way.
     */
    public void idle(boolean on) {
        idle = on;
        Process p = running;
        if (!on && p != null) {
            Priority.normal(p.pid());
        }
    }

    /** LOST records counted so far (events the kernel dropped); written by the reading thread only. */
    public long lost() {
        return lost;
    }

    private void stream(Path file, Consumer<PerfEvent> sink) {
        List<String> cmd = new ArrayList<>(idle ? Priority.IDLE_COMMAND : List.of());
        cmd.addAll(List.of(tool.perf().toString(), "script", "-i", file.toString(), "-F",
                "pid,tid,time,event,trace,ip,sym,symoff,dso", "--ns", "--no-inline", "--show-lost-events"));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            running = p;
            if (!idle) {
                Priority.normal(p.pid()); // promoted while it started
            }
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
                new PerfScriptParser(groupPrefix).parse(r, sink, n -> lost = lost + n);
            }
            int rc = p.waitFor();
            running = null;
            if (rc != 0) {
                throw new MemsnapException(Kind.BAD_INPUT, "perf script failed on " + file + " (exit "
                        + rc + ")");
            }
        } catch (IOException e) {
            throw new MemsnapException(Kind.BAD_INPUT, "cannot read " + file + " with perf script: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemsnapException(Kind.INTERNAL, "interrupted reading " + file, e);
        }
    }
}
