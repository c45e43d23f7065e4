// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memsnap.analyzer.findings.EvidenceRow;
import io.memsnap.analyzer.findings.Finding;
import io.memsnap.analyzer.memory.InstanceMemory;
import io.memsnap.analyzer.memory.ProcessMemory;
import io.memsnap.analyzer.memory.SharedZoneMemory;
import io.memsnap.report.Renderer;
import io.memsnap.report.ReportOptions;
import io.memsnap.snapshot.codec.SnapshotCodec;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON report: {@code report_format: memsnap-report/1}, then the snapshot exactly as a snapshot file has it
 * (so the report reads back as a snapshot), with {@code findings[]} and {@code memory} (RSS, PSS and USS per process
 * and their sums) placed before {@code processes}. Keys are
 * snake_case, bytes are integers, shares are fractions of RSS (0..1), and a share that does not exist (bytes not
 * known to be resident, a row not about bytes) is left out. Options do not apply: JSON carries everything.
 * Stateless and thread-safe.
 */
public final class JsonRenderer implements Renderer {
    /** The id of this report layout. */
    public static final String REPORT_FORMAT = "memsnap-report/1";

    private final SnapshotCodec codec = SnapshotCodec.create();
    private final ObjectMapper mapper = SnapshotCodec.newMapper();

    @Override
    public void render(Snapshot snapshot, List<Finding> findings, ReportOptions options, Writer out)
            throws IOException {
        ObjectNode root = mapper.createObjectNode();
        root.put("report_format", REPORT_FORMAT);
        ObjectNode snap = codec.toTree(snapshot);
        for (Iterator<Map.Entry<String, JsonNode>> it = snap.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("processes")) {
                root.set("findings", findings(findings));
                root.set("memory", memory(InstanceMemory.of(snapshot)));
            }
            root.set(e.getKey(), e.getValue());
        }
        ObjectWriter writer = mapper.writer(new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n")))
                .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        writer.writeValue(out, root);
        out.write('\n');
        out.flush();
    }

    private ObjectNode memory(InstanceMemory mem) {
        ObjectNode o = mapper.createObjectNode();
        o.put("rss_sum_bytes", mem.rssSumBytes());
        o.put("pss_sum_bytes", mem.pssSumBytes());
        o.put("uss_sum_bytes", mem.ussSumBytes());
        o.put("estimated", mem.estimated());
        o.put("pss_source", mem.pssSource());
        ArrayNode arr = o.putArray("by_process");
        for (ProcessMemory p : mem.processes()) {
            ObjectNode row = arr.addObject();
            row.put("pid", p.pid());
            row.put("role", p.role().key());
            row.put("rss_bytes", p.rssBytes());
            row.put("pss_bytes", p.pssBytes());
            row.put("uss_bytes", p.ussBytes());
        }
        ArrayNode zones = o.putArray("shm_zones");
        for (SharedZoneMemory z : mem.zones()) {
            ObjectNode row = zones.addObject();
            row.put("name", z.name());
            row.put("size_bytes", z.sizeBytes());
            row.put("processes", z.processes());
            row.put("pss_sum_bytes", z.pssSumBytes());
            row.put("rss_sum_bytes", z.rssSumBytes());
        }
        return o;
    }

    private ArrayNode findings(List<Finding> findings) {
        ArrayNode arr = mapper.createArrayNode();
        for (Finding f : findings) {
            ObjectNode o = arr.addObject();
            o.put("id", f.id());
            o.put("severity", f.severity().key());
            o.put("pid", f.pid());
            o.put("text", f.text());
            o.put("bytes", f.bytes());
            f.shareOfRss().ifPresent(s -> o.put("share_of_rss", s));
            ArrayNode ev = o.putArray("evidence");
            for (EvidenceRow r : f.evidence()) {
                ObjectNode row = ev.addObject();
                row.put("label", r.label());
                row.put("bytes", r.bytes());
                r.shareOfRss().ifPresent(s -> row.put("share_of_rss", s));
                row.put("detail", r.detail());
            }
            o.put("what_to_do", f.whatToDo());
            ArrayNode kw = o.putArray("keywords");
            f.keywords().forEach(kw::add);
        }
        return arr;
    }
}
