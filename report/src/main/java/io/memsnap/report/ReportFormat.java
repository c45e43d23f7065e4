// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import io.memsnap.report.html.HtmlRenderer;
import io.memsnap.report.json.JsonRenderer;
import io.memsnap.report.text.TextRenderer;
import java.util.Locale;

/** The report formats of {@code --format text|json|html}. */
public enum ReportFormat {
    /** Plain text, at most 100 columns. */
    TEXT,
    /** The snapshot JSON plus findings, {@code memsnap-report/1}. */
    JSON,
    /** One self-contained HTML file. */
    HTML;

    /** A renderer for this format. */
    public Renderer renderer() {
        return switch (this) {
            case TEXT -> new TextRenderer();
            case JSON -> new JsonRenderer();
            case HTML -> new HtmlRenderer();
        };
    }

    /** The lower-case name used on the command line. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
