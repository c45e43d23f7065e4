// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memsnap.analyzer.diff.DiffFinding;
import io.memsnap.analyzer.diff.MeasureDelta;
import io.memsnap.analyzer.diff.ProcessPair;
import io.memsnap.analyzer.diff.ShapeTest;
import io.memsnap.analyzer.diff.SnapshotDiff;
import io.memsnap.snapshot.codec.SnapshotCodec;
import java.io.IOException;
import java.io.Writer;

/**
 * The JSON diff, {@code format: memsnap-diff/1}: inputs, mismatches, findings, shape tests and every delta of every
 * pair ({@code layer}, {@code group}, {@code item}, {@code before_bytes}, {@code after_bytes}, {@code delta_bytes},
 * {@code before_count}/{@code after_count} where counted). Stateless.
 */
public final class DiffJsonRenderer {
    private final ObjectMapper mapper = SnapshotCodec.newMapper();

    /** Writes {@code diff} to {@code out} (flushed, not closed). */
    public void render(SnapshotDiff diff, Writer out) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        root.put("format", SnapshotDiff.FORMAT);
        root.set("before", side(diff.before()));
        root.set("after", side(diff.after()));
        root.put("elapsed_seconds", diff.elapsed().getSeconds());
        ArrayNode mm = root.putArray("mismatches");
        diff.mismatches().forEach(mm::add);
        ArrayNode fs = root.putArray("findings");
        for (DiffFinding f : diff.findings()) {
            fs.addObject().put("id", f.id()).put("text", f.text()).put("delta_bytes", f.deltaBytes());
        }
        ArrayNode shapes = root.putArray("shape_tests");
        for (ShapeTest t : diff.shapes()) {
            shapes.addObject().put("layer", t.layer()).put("group", t.group()).put("test", "g-test")
                    .put("classes", t.classes()).put("total_count", t.totalCount()).put("g", t.g())
                    .put("degrees_of_freedom", t.degreesOfFreedom()).put("p_value", t.pValue())
                    .put("cramers_v", t.effect()).put("changed", t.changed()).put("most_shifted", t.mostShifted())
                    .put("share_before", t.shareBefore()).put("share_after", t.shareAfter());
        }
        ArrayNode pairs = root.putArray("pairs");
        for (ProcessPair p : diff.pairs()) {
            ObjectNode o = pairs.addObject().put("label", p.label());
            p.beforePids().forEach(o.putArray("before_pids")::add);
            p.afterPids().forEach(o.putArray("after_pids")::add);
            ArrayNode ds = o.putArray("deltas");
            for (MeasureDelta d : p.deltas()) {
                ObjectNode x = ds.addObject().put("layer", d.key().layer()).put("group", d.key().group())
                        .put("item", d.key().name()).put("kind", d.kind().name().toLowerCase(java.util.Locale.ROOT))
                        .put("before_bytes", d.beforeBytes()).put("after_bytes", d.afterBytes())
                        .put("delta_bytes", d.deltaBytes());
                d.beforeCount().ifPresent(c -> x.put("before_count", c));
                d.afterCount().ifPresent(c -> x.put("after_count", c));
            }
        }
        JsonWriting.write(mapper, root, out);
    }

    private ObjectNode side(SnapshotDiff.Side s) {
        return mapper.createObjectNode().put("captured_at", s.capturedAt()).put("source", s.source())
                .put("format", s.format());
    }
}
