// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memsnap.analyzer.findings.Finding;
import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.StoredSnapshots;
import io.memsnap.snapshot.codec.SnapshotCodec;
import io.memsnap.snapshot.model.Snapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRendererTest {
    @Test
    void reportCarriesFindingsAndReadsBackAsTheSnapshot() throws IOException {
        for (String name : StoredSnapshots.NAMES) {
            Snapshot s = StoredSnapshots.read(name);
            List<Finding> findings = FindingsEngine.withDefaultRules().analyze(s);
            StringWriter out = new StringWriter();
            new JsonRenderer().render(s, findings, ReportOptions.defaults(), out);
            String json = out.toString();
            JsonNode root = new ObjectMapper().readTree(json);
            List<String> keys = new ArrayList<>();
            root.fieldNames().forEachRemaining(keys::add);
            assertEquals(List.of("report_format", "format", "captured_at", "source", "host", "findings",
                    "processes"), keys);
            assertEquals("memsnap-report/1", root.get("report_format").asText());
            assertEquals(findings.size(), root.get("findings").size());
            for (int i = 0; i < findings.size(); i++) {
                JsonNode f = root.get("findings").get(i);
                assertEquals(findings.get(i).id(), f.get("id").asText());
                assertEquals(findings.get(i).severity().key(), f.get("severity").asText());
                assertEquals(findings.get(i).text(), f.get("text").asText());
                assertEquals(findings.get(i).bytes(), f.get("bytes").asLong());
                assertEquals(findings.get(i).shareOfRss(), f.get("share_of_rss").asDouble());
                assertTrue(f.has("evidence") && f.has("what_to_do") && f.has("keywords") && f.has("pid"));
            }
            Snapshot back = SnapshotCodec.create().read(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), name);
            assertEquals(s, back, "the report is still a readable snapshot, hostile strings included");
        }
    }
}
