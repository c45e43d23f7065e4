// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memsnap.snapshot.model.trace.LeakKind;
import io.memsnap.snapshot.model.trace.LeakTrace;
import io.memsnap.snapshot.model.trace.StackTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads {@code memsnap-trace/1} JSON ({@link TraceJsonWriter}) back into a {@link LeakTrace}. Stateless. */
public final class TraceJsonReader {
    private TraceJsonReader() {}

    /**
     * The trace in {@code file}.
     *
     * @throws IOException if it cannot be read or parsed
     * @throws IllegalArgumentException if it is not {@code memsnap-trace/1} JSON
     */
    public static LeakTrace read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !TraceJsonWriter.FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException(file + " is not a memsnap trace (" + TraceJsonWriter.FORMAT
                    + " JSON from memsnap trace --format json)");
        }
        StackTable.Builder b = new StackTable.Builder();
        for (JsonNode s : root.path("stacks")) {
            List<String> frames = new ArrayList<>();
            s.path("frames").forEach(f -> frames.add(f.asText()));
            int id = b.stack(LeakKind.valueOf(s.path("kind").asText().toUpperCase(Locale.ROOT)), frames);
            add(s.path("alloc_count").asLong(), s.path("alloc_bytes").asLong(), id, b, false);
            add(s.path("leaked_count").asLong(), s.path("leaked_bytes").asLong(), id, b, true);
        }
        List<Integer> pids = new ArrayList<>();
        root.path("pids").forEach(p -> pids.add(p.asInt()));
        List<String> warnings = new ArrayList<>();
        root.path("warnings").forEach(w -> warnings.add(w.asText()));
        return new LeakTrace(pids, root.path("duration_ms").asLong(), root.path("older_than_ms").asLong(),
                root.path("min_size_bytes").asLong(), root.path("sample_period").asInt(1),
                root.path("events_seen").asLong(), root.path("lost_events").asLong(),
                root.path("target_exited").asBoolean(), warnings, b.build());
    }

    /** Adds {@code count} blocks of {@code bytes} in all: one carries the bytes, the rest only count. */
    private static void add(long count, long bytes, int id, StackTable.Builder b, boolean leaked) {
        if (count <= 0) {
            return;
        }
        if (leaked) {
            b.leaked(id, bytes, 1);
            b.leaked(id, 0, count - 1);
        } else {
            b.allocated(id, bytes, 1);
            b.allocated(id, 0, count - 1);
        }
    }
}
