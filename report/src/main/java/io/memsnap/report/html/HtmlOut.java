// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes HTML with the escaping decided by the method: {@link #tag} takes markup written in this package,
 * {@link #text} takes any string and escapes it. Only compile-time markup goes through {@code tag}. Not thread-safe.
 */
final class HtmlOut {
    private final Writer out;

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

    /**
     * Opens a collapsible part: {@code <details open class="cls" id="ID"><summary>title <span class="muted">(note)
     * </span></summary>}, without {@code open} when {@code folded}, without the span when {@code note} is empty.
     * {@code cls} and {@code id} are built from this package's constants and a pid; {@code title} and {@code note}
     * are escaped.
     */
    HtmlOut open(String cls, String id, boolean folded, String title, String note) throws IOException {
        tag("<details" + (folded ? "" : " open") + " class=\"" + cls + "\" id=\"" + id + "\"><summary>").text(title);
        if (!note.isEmpty()) {
            tag(" <span class=\"muted\">").text("(" + note + ")").tag("</span>");
        }
        return tag("</summary>\n");
    }

    /** Opens one layer of a process's section, unfolded: {@link #open} with class {@code layer} and no note. */
    HtmlOut layer(String id, String title) throws IOException {
        return open("layer", id, false, title, "");
    }

    /** A link to an element of this page: {@code <a href="#id">text</a>}; {@code id} as for {@link #open}. */
    HtmlOut link(String id, String text) throws IOException {
        return tag("<a href=\"#" + id + "\">").text(text).tag("</a>");
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
