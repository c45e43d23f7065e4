// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import java.util.List;
import java.util.Locale;

/**
 * What kind of thing a capture or walker warning reports, and what to do about it. Inherent limits (a core file, a
 * static binary, a collector caught mid-cycle) are explained as such; only a warning that should not happen on a
 * frozen target asks for a bug report. The kind is told from the warning's words, which the snapshot module
 * writes; a warning no kind recognises is {@link #OTHER}.
 */
enum WarningKind {
    CORE_RESIDENCY("core file", true, List.of("a core records no residency"),
            "A core records no residency, so resident sizes are estimated from the dumped non-zero pages: an "
                    + "inherent limit of core files. For exact numbers, report on the live process (memsnap -p PID)."),
    CORE_FACTS("core file", true, List.of("captured_at is the core file's modification time"),
            "A core does not record when it was taken nor the kernel it ran on; take both from where the core "
                    + "came from."),
    STATIC_BINARY("static binary", true, List.of("statically linked"),
            "A statically linked program has no libc.so in which to find malloc's state, so its heap cannot be "
                    + "walked: an inherent limit. The RSS breakdown is still exact."),
    GC_CYCLE("LuaJIT GC mid-cycle", true, List.of("the collector was sweeping"),
            "The LuaJIT collector was part way through a cycle, so the GC numbers include garbage not yet freed; "
                    + "this is how the VM was, not an error. Capture again for a settled count."),
    NOT_FROZEN("not frozen", false, List.of("captured without freezing"),
            "The target ran while it was read; capture again with --freeze for a consistent picture."),
    UNREADABLE("unreadable", false, List.of("unreadable", "cannot read", "no readable file", "residency unknown",
            "not identified"),
            "Part of the target could not be read: run memsnap as root (with CAP_SYS_PTRACE); a file deleted or "
                    + "replaced since the process started cannot be read at all."),
    TORN("moving structure", false, List.of("stopped", "did not end", "cannot verify"),
            "A structure changed while it was read or did not verify: capture again with --freeze. If it persists "
                    + "on a frozen target, report a bug with the snapshot (memsnap snapshot -p PID -o s.json.gz)."),
    OTHER("other", false, List.of(),
            "If this persists on a frozen capture, report a bug with the snapshot (memsnap snapshot -p PID -o "
                    + "s.json.gz).");

    private final String label;
    private final boolean inherent;
    private final List<String> words;
    private final String advice;

    WarningKind(String label, boolean inherent, List<String> words, String advice) {
        this.label = label;
        this.inherent = inherent;
        this.words = words;
        this.advice = advice;
    }

    /** The kind of {@code warning}: the first kind, in declaration order, one of whose phrases it contains. */
    static WarningKind of(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        for (WarningKind k : values()) {
            if (k.words.stream().anyMatch(w::contains)) {
                return k;
            }
        }
        return OTHER;
    }

    /** A short label for the evidence row, marked when the limit is inherent. */
    String label() {
        return inherent ? label + " (inherent)" : label;
    }

    /** What to do about warnings of this kind. */
    String advice() {
        return advice;
    }

    /** True when nothing can be done about it: it is how the input is, not a fault. */
    boolean inherent() {
        return inherent;
    }
}
