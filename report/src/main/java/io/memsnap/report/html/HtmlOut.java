// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * Writes HTML with the escaping decided by the method: {@link #tag} takes markup written in this package,
 * {@link #text} takes any string and escapes it. Only compile-time markup goes through {@code tag}. Not thread-safe.
 */
final class HtmlOut {
    private final Writer out;

    private Map<Integer, String> folded = Map.of();

    HtmlOut(Writer out) {
        this.out = out;
    }

    /** Markup from this package's own constants (never from a snapshot). */
    HtmlOut tag(String markup) throws IOException {
        out.write(markup);
        return this;
    }

    /** Any string, escaped. */
    HtmlOut text(String s) throws IOException {
        out.write(HtmlEscaper.escape(s));
        return this;
    }

    /** An element with escaped text content: {@code <name class="cls">text</name>}; {@code cls} may be empty. */
    HtmlOut el(String name, String cls, String text) throws IOException {
        tag("<" + name + (cls.isEmpty() ? "" : " class=\"" + HtmlEscaper.escape(cls) + "\"") + ">");
        text(text);
        return tag("</" + name + ">");
    }

    /** One table row of escaped cells; cells whose index is in {@code numeric} are right-aligned. */
    HtmlOut row(String cellTag, boolean[] numeric, String... cells) throws IOException {
        tag("<tr>");
        for (int i = 0; i < cells.length; i++) {
            el(cellTag, i < numeric.length && numeric[i] ? "num" : "", cells[i]);
        }
        return tag("</tr>\n");
    }

    /** Processes whose parts start folded, with the reason shown in their summary line. */
    HtmlOut fold(Map<Integer, String> reasons) {
        this.folded = Map.copyOf(reasons);
        return this;
    }

    /**
     * Opens process {@code pid}'s part of a section, collapsible: {@code <details open id="ID"><summary>title
     * </summary>}, folded (no {@code open}) for a process {@link #fold} named; {@code id} is built from this
     * package's constants and a pid, {@code title} is escaped.
     */
    HtmlOut open(String id, int pid, String title) throws IOException {
        String reason = folded.get(pid);
        tag("<details" + (reason == null ? " open" : "") + " id=\"" + id + "\"><summary>").text(title);
        if (reason != null) {
            tag(" <span class=\"muted\">").text("(folded: " + reason + ")").tag("</span>");
        }
        return tag("</summary>\n");
    }

    /** Closes what {@link #open} opened. */
    HtmlOut close() throws IOException {
        return tag("</details>\n");
    }

    /** An SVG element produced by {@link SvgCharts} (its text is escaped by JFreeSVG and checked there). */
    HtmlOut svg(String svg) throws IOException {
        tag("<div class=\"chart\">").tag(svg).tag("</div>\n");
        return this;
    }
}
