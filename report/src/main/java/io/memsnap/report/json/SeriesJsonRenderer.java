// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memsnap.analyzer.series.ComponentSeries;
import io.memsnap.analyzer.series.GrowthFit;
import io.memsnap.analyzer.series.SeriesAnalysis;
import io.memsnap.analyzer.series.TimeToLimit;
import io.memsnap.snapshot.codec.SnapshotCodec;
import java.io.IOException;
import java.io.Writer;

/**
 * The JSON series report, {@code format: memsnap-series/1}: sample times, findings, time to limit and every
 * component's values with its fit. Stateless.
 */
public final class SeriesJsonRenderer {
    private final ObjectMapper mapper = SnapshotCodec.newMapper();

    /** Writes {@code a} to {@code out} (flushed, not closed). */
    public void render(SeriesAnalysis a, Writer out) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        root.put("format", SeriesAnalysis.FORMAT);
        a.capturedAt().forEach(root.putArray("captured_at")::add);
        a.seconds().forEach(root.putArray("seconds")::add);
        a.processCounts().forEach(root.putArray("process_counts")::add);
        a.findings().forEach(root.putArray("findings")::add);
        TimeToLimit t = a.timeToLimit();
        ObjectNode ttl = root.putObject("time_to_limit").put("limit_source", t.limitSource())
                .put("current_bytes", t.currentBytes()).put("text", t.text());
        t.limitBytes().ifPresent(v -> ttl.put("limit_bytes", v));
        t.seconds().ifPresent(v -> ttl.put("seconds", v));
        ArrayNode cs = root.putArray("components");
        for (ComponentSeries c : a.components()) {
            ObjectNode o = cs.addObject().put("layer", c.key().layer()).put("group", c.key().group())
                    .put("item", c.key().name());
            c.bytes().forEach(o.putArray("bytes")::add);
            GrowthFit f = c.fit();
            o.putObject("fit").put("points", f.points()).put("slope_bytes_per_second", f.slopeBytesPerSecond())
                    .put("ols_slope_bytes_per_second", f.olsSlopeBytesPerSecond()).put("r_squared", f.rSquared())
                    .put("good", f.good()).put("steps", f.steps()).put("verdict", f.verdict());
        }
        JsonWriting.write(mapper, root, out);
    }
}
