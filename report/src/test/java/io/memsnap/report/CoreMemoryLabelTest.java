// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * A core file's PSS is its RSS estimate (sharing is not recorded), so text, HTML and JSON label it as such and never
 * as a measured PSS, nor give an instance total; a live capture keeps the plain labels. The snapshot is the
 * recorded master and worker, read as if from a core (the source names it, as Capturer writes for a core).
 */
class CoreMemoryLabelTest {
    private static final String NAME = "linux6.18-x86_64-nginx1.22-openresty-luajit2-pseudo-leak";

    @Test
    void coreLabelsPssAsTheRssEstimate() throws IOException {
        Snapshot live = StoredSnapshots.read(NAME);
        Snapshot core = new Snapshot(live.format(), live.capturedAt(), "core /var/crash/nginx.core", live.host(),
                live.processes());
        String text = render(core, ReportFormat.TEXT);
        assertTrue(text.contains("  pid       role       RSS (est.)  PSS (= RSS)   USS (est.)\n"), text);
        assertTrue(text.contains("is that RSS estimate, not a measured PSS"), text);
        assertFalse(text.contains("Instance total"), text);
        String html = render(core, ReportFormat.HTML);
        assertTrue(html.contains("<th class=\"num\">RSS (est.)</th><th class=\"num\">PSS (= RSS)</th>"
                + "<th class=\"num\">USS (est.)</th>"), html);
        assertTrue(html.contains("PSS is that RSS estimate, not a measured PSS"), html);
        assertFalse(html.contains("Instance total"), html);
        JsonNode memory = new ObjectMapper().readTree(render(core, ReportFormat.JSON)).get("memory");
        assertEquals("rss_estimate", memory.get("pss_source").asText());
        assertTrue(memory.get("estimated").asBoolean());

        String liveText = render(live, ReportFormat.TEXT);
        assertTrue(liveText.contains("  pid       role              RSS          PSS          USS\n"), liveText);
        assertTrue(liveText.contains("Instance total"), liveText);
        assertEquals("smaps_pss", new ObjectMapper().readTree(render(live, ReportFormat.JSON)).get("memory")
                .get("pss_source").asText());
    }

    private static String render(Snapshot s, ReportFormat f) throws IOException {
        StringWriter out = new StringWriter();
        f.renderer().render(s, FindingsEngine.withDefaultRules().analyze(s), ReportOptions.defaults(), out);
        return out.toString();
    }
}
