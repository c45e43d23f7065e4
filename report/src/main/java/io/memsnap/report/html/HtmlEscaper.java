// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import io.memsnap.report.Visible;

/**
 * The one escaper every string from a snapshot passes through before it reaches HTML: {@code & < > " '} become
 * entities, so text is text in element content and in quoted attributes alike; controls and bidirectional
 * overrides are shown by {@link Visible}, the rule the text report uses (tab and newline stay: in HTML they are
 * only white space). Stateless.
 */
public final class HtmlEscaper {
    private HtmlEscaper() {}

    /** {@code s} safe to place in HTML element content or a quoted attribute value. */
    public static String escape(String raw) {
        String s = Visible.escapeControls(raw, true);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
