// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.report.Renderer;
import io.memsnap.report.ReportOptions;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML report: one self-contained file (inline CSS and SVG charts, no script, no external reference, a
 * Content-Security-Policy that forbids fetching anything), readable on screen and printed. It streams the template
 * {@code report.html} and fills its {@code <!-- @name -->} placeholders in order; every string from the snapshot
 * goes through {@link HtmlEscaper}. Stateless and thread-safe.
 */
public final class HtmlRenderer implements Renderer {
    /** The placeholders the template must contain, in this order. */
    static final List<String> PLACEHOLDERS =
            List.of("title", "summary", "toc", "findings", "processes");

    private static final Pattern PLACEHOLDER = Pattern.compile("<!-- @(\\w+) -->");
    private static final String TEMPLATE = loadTemplate();

    @Override
    public void render(Snapshot snapshot, List<Finding> findings, ReportOptions options, Writer out)
            throws IOException {
        HtmlSections sections = new HtmlSections(snapshot, findings, options, new HtmlOut(out));
        Matcher m = PLACEHOLDER.matcher(TEMPLATE);
        int from = 0;
        int index = 0;
        while (m.find()) {
            out.write(TEMPLATE, from, m.start() - from);
            String name = m.group(1);
            if (index >= PLACEHOLDERS.size() || !PLACEHOLDERS.get(index).equals(name)) {
                throw new IllegalStateException("report.html: placeholder @" + name + " out of order, expected "
                        + PLACEHOLDERS);
            }
            sections.write(name);
            index++;
            from = m.end();
        }
        if (index != PLACEHOLDERS.size()) {
            throw new IllegalStateException("report.html has " + index + " of the placeholders " + PLACEHOLDERS);
        }
        out.write(TEMPLATE, from, TEMPLATE.length() - from);
        out.flush();
    }

    private static String loadTemplate() {
        try (InputStream in = HtmlRenderer.class.getResourceAsStream("report.html")) {
            if (in == null) {
                throw new IllegalStateException("report.html missing from the report jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
