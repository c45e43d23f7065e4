// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.trace;

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
import java.util.List;
import java.util.Locale;
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
        StringBuilder data = new StringBuilder("{\"names\":[");
        for (int i = 0; i < tree.names().size(); i++) {
            data.append(i == 0 ? "" : ",").append(jsonString(tree.names().get(i)));
        }
        json(tree.tree(), data.append("],\"tree\":"));
        data.append('}');
        Map<String, String> values = Map.of(
                "csp", "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'; img-src data:; script-src 'sha256-" + scriptHash(template)
                        + "'\">",
                "title", HtmlEscaper.escape("memsnap leak trace of pid " + trace.pids().get(0)),
                "summary", HtmlEscaper.escape(summary.toString()),
                "data", data.toString());
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

    /** Nested lists of numbers as a JSON array. */
    private static void json(List<?> list, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            Object o = list.get(i);
            out.append(i == 0 ? "" : ",");
            if (o instanceof List<?> l) {
                json(l, out);
            } else {
                out.append(o);
            }
        }
        out.append(']');
    }

    /**
     * A JSON string literal where everything but printable ASCII letters, digits and plain punctuation is a
     * {@code \\uXXXX} escape, so it is inert inside a {@code <script>} element ({@code < > &} included).
     */
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
            b.append(plain ? String.valueOf(c) : String.format(Locale.ROOT, "\\u%04x", (int) c));
        }
        return b.append('"').toString();
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
