// SPDX-License-Identifier: Apache-2.0
package io.memsnap.tracer;

import io.memsnap.tracer.perf.PerfEvent;
import io.memsnap.tracer.perf.PerfScriptParser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Repairs stacks cut at a uretprobe trampoline. While a probed function with a return probe runs (e.g.
 * {@code ngx_create_pool}), its return address on the stack points into the kernel's trampoline, so an allocation
 * made inside it unwinds only up to that function. The next stack-carrying event of the same thread is that
 * function's own return, whose stack starts at its caller: the two are joined. Events pass through in order; a
 * cut event waits (per thread) only for that next event. Not thread-safe.
 */
final class TrampolineSplicer implements Consumer<PerfEvent> {
    private final Consumer<PerfEvent> next;
    private final Map<Integer, List<PerfEvent>> parked = new HashMap<>();

    TrampolineSplicer(Consumer<PerfEvent> next) {
        this.next = next;
    }

    @Override
    public void accept(PerfEvent e) {
        List<PerfEvent> waiting = e.framesLeafFirst().isEmpty() ? null : parked.remove(e.tid());
        if (waiting != null) {
            for (PerfEvent w : waiting) {
                next.accept(spliced(w, e.framesLeafFirst()));
            }
        }
        if (e.framesLeafFirst().contains(PerfScriptParser.TRAMPOLINE)) {
            parked.computeIfAbsent(e.tid(), k -> new ArrayList<>()).add(e);
        } else {
            next.accept(e);
        }
    }

    /** Passes on what is still waiting, with its stack as cut. */
    void flush() {
        parked.values().forEach(l -> l.forEach(next));
        parked.clear();
    }

    static PerfEvent spliced(PerfEvent cut, List<String> callerFrames) {
        List<String> frames = new ArrayList<>(cut.framesLeafFirst().subList(0,
                cut.framesLeafFirst().indexOf(PerfScriptParser.TRAMPOLINE)));
        frames.addAll(callerFrames);
        return new PerfEvent(cut.pid(), cut.tid(), cut.timeNanos(), cut.probe(), cut.returned(), cut.arg0(),
                cut.arg1(), frames);
    }
}
