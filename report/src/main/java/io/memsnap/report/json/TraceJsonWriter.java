// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memsnap.report.trace.TraceOrder;
import io.memsnap.snapshot.model.trace.LeakTrace;
import io.memsnap.snapshot.model.trace.StackTable;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * {@code memsnap-trace/1} JSON: the trace's facts and one object per stack (frames root first, kind, leaked and
 * allocated counts and bytes), stacks sorted by leaked bytes, then allocated bytes, then table order. Stateless.
 */
public final class TraceJsonWriter {
    /** The id of this layout. */
    public static final String FORMAT = "memsnap-trace/1";

    private TraceJsonWriter() {}

    /** Writes {@code trace} to {@code out} (not closed). */
    public static void write(LeakTrace trace, Writer out) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode pids = root.putArray("pids");
        trace.pids().forEach(pids::add);
        root.put("duration_ms", trace.durationMillis());
        root.put("older_than_ms", trace.olderThanMillis());
        root.put("min_size_bytes", trace.minSizeBytes());
        root.put("sample_period", trace.samplePeriod());
        root.put("events_seen", trace.eventsSeen());
        root.put("lost_events", trace.lostEvents());
        root.put("target_exited", trace.targetExited());
        root.put("complete", trace.complete());
        ArrayNode warnings = root.putArray("warnings");
        trace.warnings().forEach(warnings::add);
        ArrayNode stacks = root.putArray("stacks");
        StackTable s = trace.stacks();
        for (int i : TraceOrder.byLeakedBytes(s)) {
            ObjectNode o = stacks.addObject();
            o.put("kind", s.kind(i).name().toLowerCase(Locale.ROOT));
            o.put("leaked_count", s.leakedCount(i));
            o.put("leaked_bytes", s.leakedBytes(i));
            o.put("alloc_count", s.allocCount(i));
            o.put("alloc_bytes", s.allocBytes(i));
            ArrayNode frames = o.putArray("frames");
            for (int l = 0; l < s.depth(i); l++) {
                frames.add(s.frame(i, l));
            }
        }
        mapper.writerWithDefaultPrettyPrinter().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, root);
        out.write('\n');
        out.flush();
    }
}
