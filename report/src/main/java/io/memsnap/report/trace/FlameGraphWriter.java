// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.memsnap.report.html.HtmlEscaper;
import io.memsnap.snapshot.model.trace.LeakTrace;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The leak flame graph: one self-contained HTML file from the {@code flame.html} template, with search, zoom and
 * bytes and blocks on hover. Its CSP allows no source but the template's own script (by hash) and inline styles;
 * frame names reach the page only as JSON data (with {@code < > &} escaped) read through {@code textContent}.
 * Stateless.
 */
public final class FlameGraphWriter {
    private static final String[] PLACEHOLDERS = {"csp", "title", "title", "summary", "data"};

    private FlameGraphWriter() {}

    /** Writes {@code trace} as HTML to {@code out} (not closed). */
    public static void write(LeakTrace trace, Writer out) throws IOException {
        String template = template();
        StringWriter summary = new StringWriter();
        TraceSummary.write(trace, 10, summary);
        FlameTree tree = FlameTree.of(trace.stacks());
        String data = new ObjectMapper().writeValueAsString(Map.of("names", tree.names(), "tree", tree.tree()))
                .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        Map<String, String> values = Map.of(
                "csp", "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'; img-src data:; script-src 'sha256-" + scriptHash(template)
                        + "'\">",
                "title", HtmlEscaper.escape("memsnap leak trace of pid " + trace.pids().get(0)),
                "summary", HtmlEscaper.escape(summary.toString()),
                "data", data);
        int at = 0;
        for (String p : PLACEHOLDERS) {
            String marker = "<!-- @" + p + " -->";
            int i = template.indexOf(marker, at);
            out.write(template, at, i - at);
            out.write(values.get(p));
            at = i + marker.length();
        }
        out.write(template, at, template.length() - at);
        out.flush();
    }

    private static String template() throws IOException {
        try (InputStream in = FlameGraphWriter.class.getResourceAsStream("flame.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The CSP hash of the template's inline script (the last {@code <script>} without attributes). */
    static String scriptHash(String template) {
        int start = template.lastIndexOf("<script>") + "<script>".length();
        int end = template.indexOf("</script>", start);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(
                    template.substring(start, end).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required in every JDK", e);
        }
    }
}
