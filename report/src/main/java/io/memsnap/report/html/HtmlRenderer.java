// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.report.Renderer;
import io.memsnap.report.ReportOptions;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

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

    private static final TemplateFiller TEMPLATE = new TemplateFiller("report.html", PLACEHOLDERS);

    @Override
    public void render(Snapshot snapshot, List<Finding> findings, ReportOptions options, Writer out)
            throws IOException {
        HtmlSections sections = new HtmlSections(snapshot, findings, options, new HtmlOut(out));
        TEMPLATE.fill(out, sections::write);
    }
}
