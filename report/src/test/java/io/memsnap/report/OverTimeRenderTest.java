// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.memsnap.analyzer.diff.SnapshotDiff;
import io.memsnap.analyzer.diff.SnapshotDiffer;
import io.memsnap.analyzer.series.SeriesAnalysis;
import io.memsnap.analyzer.series.SeriesAnalyzer;
import io.memsnap.analyzer.series.SeriesSample;
import io.memsnap.report.html.DiffHtmlRenderer;
import io.memsnap.report.html.SeriesHtmlRenderer;
import io.memsnap.report.json.DiffJsonRenderer;
import io.memsnap.report.text.DiffTextRenderer;
import io.memsnap.report.text.SeriesTextRenderer;
import io.memsnap.snapshot.model.Snapshot;
import java.io.StringWriter;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Diff renderers on stored snapshots: mismatched inputs said in every format, target strings escaped in HTML. */
class OverTimeRenderTest {
    private static final String POOL = "linux6.18-x86_64-nginx1.22-glibc2.36-pool-leak";
    private static final String PSEUDO = "linux6.18-x86_64-nginx1.22-openresty-luajit2-pseudo-leak";

    @Test
    void differentProcessesAreSaidAndStillComparedAsAWhole() throws Exception {
        SnapshotDiff d = new SnapshotDiffer().diff(StoredSnapshots.read(StoredSnapshots.HOSTILE), StoredSnapshots.read(PSEUDO));
        StringWriter text = new StringWriter();
        new DiffTextRenderer().render(d, text);
        assertTrue(text.toString().contains("INPUTS DIFFER"), text.toString());
        assertTrue(text.toString().contains("kernels differ (6.1"), text.toString());
        assertTrue(text.toString().contains("ALL PROCESSES"), text.toString());
        StringWriter json = new StringWriter();
        new DiffJsonRenderer().render(d, json);
        JsonNode root = new ObjectMapper().readTree(json.toString());
        assertEquals("memsnap-diff/1", root.get("format").asText());
        assertEquals(d.mismatches().size(), root.get("mismatches").size());
        long rss = StoredSnapshots.read(PSEUDO).processes().stream().mapToLong(p -> p.rssBytes()).sum()
                - StoredSnapshots.read(StoredSnapshots.HOSTILE).processes().stream().mapToLong(p -> p.rssBytes()).sum();
        JsonNode total = null;
        for (JsonNode x : root.get("pairs").get(0).get("deltas")) {
            if (x.get("layer").asText().equals("rss") && x.get("group").asText().equals("total")) {
                total = x;
            }
        }
        assertEquals(rss, total.get("delta_bytes").asLong());
    }

    @Test
    void htmlHasBarsAndTheDifferentialHistogramAndEscapesTargetStrings() throws Exception {
        Snapshot hostile = StoredSnapshots.read(StoredSnapshots.HOSTILE);
        SnapshotDiff d = new SnapshotDiffer().diff(StoredSnapshots.read(POOL), hostile);
        StringWriter html = new StringWriter();
        new DiffHtmlRenderer().render(d, html);
        String h = html.toString();
        assertEquals(2, h.split("<svg", -1).length - 1, "two charts");
        assertTrue(h.contains("diff-bars") && h.contains("diff-hist"), h);
        // the hostile executable path is named in the mismatches, escaped
        assertTrue(h.contains("/opt/&lt;script&gt;alert(1)&lt;/script&gt;/nginx&amp;amp;&quot;q&quot;&#39;s"), h);
        assertFalse(h.contains("<script"), "no script from the target may reach the page");
        assertFalse(h.contains("<!-- @"), "every placeholder filled");
        assertTrue(h.contains("<style>") && h.contains(".finding {"), "report.html's stylesheet");
    }

    @Test
    void seriesHtmlHasAChartPerChangedGroupAndTheFindings() throws Exception {
        List<SeriesSample> samples = List.of(
                new SeriesSample(StoredSnapshots.read(POOL), OptionalLong.empty()),
                new SeriesSample(StoredSnapshots.read(PSEUDO), OptionalLong.of(1L << 30)));
        SeriesAnalysis a = new SeriesAnalyzer().analyze(samples);
        StringWriter html = new StringWriter();
        new SeriesHtmlRenderer().render(a, html);
        String h = html.toString();
        assertTrue(h.split("<svg", -1).length > 3, "charts");
        assertTrue(h.contains("too few points (2 &lt; 5)"), "the fit's verdict, escaped");
        assertFalse(h.contains("<!-- @"), "every placeholder filled");
        StringWriter text = new StringWriter();
        new SeriesTextRenderer().render(a, text);
        assertTrue(text.toString().replaceAll("\\s+", " ").contains("No time until MemAvailable (1.0 GiB) is used up: the RSS fit is not "
                + "good enough (too few points (2 < 5))."), text.toString());
    }
}
