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
import java.util.Optional;
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
                    "memory", "processes"), keys);
            assertMemoryIsTheSumOfSmaps(root);
            assertEquals("memsnap-report/1", root.get("report_format").asText());
            assertEquals(findings.size(), root.get("findings").size());
            for (int i = 0; i < findings.size(); i++) {
                JsonNode f = root.get("findings").get(i);
                assertEquals(findings.get(i).id(), f.get("id").asText());
                assertEquals(findings.get(i).severity().key(), f.get("severity").asText());
                assertEquals(findings.get(i).text(), f.get("text").asText());
                assertEquals(findings.get(i).bytes(), f.get("bytes").asLong());
                // a share that does not exist is left out, never written as 0
                assertEquals(findings.get(i).shareOfRss(), Optional.ofNullable(f.get("share_of_rss"))
                        .map(JsonNode::asDouble));
                for (int j = 0; j < findings.get(i).evidence().size(); j++) {
                    assertEquals(findings.get(i).evidence().get(j).shareOfRss(), Optional.ofNullable(
                            f.get("evidence").get(j).get("share_of_rss")).map(JsonNode::asDouble));
                }
                assertTrue(f.has("evidence") && f.has("what_to_do") && f.has("keywords") && f.has("pid"));
            }
            Snapshot back = SnapshotCodec.create().read(
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), name);
            assertEquals(s, back, "the report is still a readable snapshot, hostile strings included");
        }
    }

    /** memory[] against the mappings in the same JSON, summed here independently of the analyzer. */
    private static void assertMemoryIsTheSumOfSmaps(JsonNode root) {
        JsonNode mem = root.get("memory");
        long pssSum = 0;
        long rssSum = 0;
        long ussSum = 0;
        for (JsonNode p : root.get("processes")) {
            long pss = 0;
            long uss = 0;
            for (JsonNode m : p.get("mappings")) {
                pss += m.get("pss_bytes").asLong();
                uss += m.get("private_clean_bytes").asLong() + m.get("private_dirty_bytes").asLong();
            }
            JsonNode row = null;
            for (JsonNode r : mem.get("by_process")) {
                row = r.get("pid").asInt() == p.get("pid").asInt() ? r : row;
            }
            assertEquals(pss, row.get("pss_bytes").asLong());
            assertEquals(uss, row.get("uss_bytes").asLong());
            assertEquals(p.get("rss_bytes").asLong(), row.get("rss_bytes").asLong());
            assertEquals(p.get("role").asText(), row.get("role").asText());
            pssSum += pss;
            ussSum += uss;
            rssSum += p.get("rss_bytes").asLong();
        }
        assertEquals(pssSum, mem.get("pss_sum_bytes").asLong());
        assertEquals(ussSum, mem.get("uss_sum_bytes").asLong());
        assertEquals(rssSum, mem.get("rss_sum_bytes").asLong());
        assertEquals(root.get("processes").size(), mem.get("by_process").size());
    }
}
