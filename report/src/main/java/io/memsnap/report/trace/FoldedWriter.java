// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.trace;

import io.memsnap.snapshot.model.trace.LeakTrace;
import io.memsnap.snapshot.model.trace.StackTable;
import java.io.IOException;
import java.io.Writer;

/**
 * Folded stacks of leaked bytes, one line per stack with leaks: frames root first joined by {@code ;}, a space,
 * the bytes. Pools are prefixed with a {@code [pool]} root frame so they stay apart from malloc blocks. The format
 * flamegraph.pl, speedscope and inferno read. Stateless.
 */
public final class FoldedWriter {
    private FoldedWriter() {}

    /** Writes {@code trace}'s leaked stacks to {@code out}, in stack-table order. */
    public static void write(LeakTrace trace, Writer out) throws IOException {
        StackTable s = trace.stacks();
        for (int i = 0; i < s.size(); i++) {
            if (s.leakedBytes(i) <= 0) {
                continue;
            }
            StringBuilder line = new StringBuilder(s.kind(i) == io.memsnap.snapshot.model.trace.LeakKind.POOL
                    ? "[pool];" : "");
            for (int l = 0; l < s.depth(i); l++) {
                line.append(l == 0 ? "" : ";").append(FrameNames.folded(s.frame(i, l)));
            }
            out.write(line.append(' ').append(s.leakedBytes(i)).append('\n').toString());
        }
        out.flush();
    }
}
