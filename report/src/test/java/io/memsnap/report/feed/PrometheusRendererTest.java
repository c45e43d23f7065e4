// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.StoredSnapshots;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The textfile parsed by a real exposition parser ({@code promtool check metrics}, Debian prometheus), and its values
 * read back against the snapshot.
 */
class PrometheusRendererTest {
    static String render(Snapshot s) throws Exception {
        StringWriter w = new StringWriter();
        new PrometheusRenderer().render(s, FindingsEngine.withDefaultRules().analyze(s), ReportOptions.defaults(), w);
        return w.toString();
    }

    /** Runs promtool check metrics on {@code text}; returns its output, failing on a non-zero exit. */
    static String promtool(String text) throws Exception {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /** Sample lines by their metric and labels. */
    static Map<String, String> samples(String text) {
        Map<String, String> m = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int sp = line.lastIndexOf(' ');
                m.put(line.substring(0, sp), line.substring(sp + 1));
            }
        }
        return m;
    }

    @Test
    void promtoolAcceptsItAndTheValuesAreTheSnapshots() throws Exception {
        for (String name : StoredSnapshots.NAMES) {
            Snapshot s = StoredSnapshots.read(name);
            String text = render(s);
            assertEquals("", promtool(text), name);
            Map<String, String> m = samples(text);
            for (ProcessSnapshot p : s.processes()) {
                String proc = "pid=\"" + p.pid() + "\",role=\"" + p.role().key() + "\"";
                assertEquals(Long.toString(p.rssBytes()), m.get("memsnap_rss_bytes{" + proc + "}"), name);
                for (Category c : Category.values()) {
                    String key = "memsnap_bytes{" + proc + ",layer=\"rss\",group=\"category\",item=\"" + c.key()
                            + "\"}";
                    if (p.bytesOf(c) > 0) {
                        assertEquals(Long.toString(p.bytesOf(c)), m.get(key), name + " " + key);
                    }
                }
                p.luajit().ifPresent(l -> assertEquals(Long.toString(l.allocator().reclaimableResidentBytes()),
                        m.get("memsnap_bytes{" + proc + ",layer=\"luajit\",group=\"allocator\",item=\"free retained\"}")));
            }
        }
    }

    @Test
    void theDocumentedAlertRulesAreValidAndUseMetricsWeWrite() throws Exception {
        java.nio.file.Path rules = java.nio.file.Path.of("..", "docs", "examples", "memsnap.rules.yml");
        Process p = new ProcessBuilder("promtool", "check", "rules", rules.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        String text = java.nio.file.Files.readString(rules);
        String source = java.nio.file.Files.readString(java.nio.file.Path.of("src", "main", "java", "io", "memsnap",
                "report", "feed", "SeriesPrometheusRenderer.java"));
        for (String metric : new String[] {"memsnap_time_to_limit_seconds",
                "memsnap_series_last_sample_timestamp_seconds"}) {
            assertTrue(text.contains(metric) && source.contains("\"" + metric + "\""), metric);
        }
    }

    @Test
    void labelValuesFromTheTargetAreEscaped() {
        assertEquals("a\\\\b\\\"c\\nd", PromText.escape("a\\b\"c\nd"));
        assertTrue(PromText.escape("256–512 KiB").equals("256–512 KiB"));
    }
}
