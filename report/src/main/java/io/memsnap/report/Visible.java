// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import java.util.Locale;

/**
 * The one rule for characters from the target that must not act on a terminal or a page: C0 and C1 controls, DEL,
 * line and paragraph separators and the bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069) are
 * shown as {@code \xNN} or as backslash-u and four hex digits, so a process title cannot move the cursor, recolour
 * the report or reorder the text around it. Text and HTML renderers both use it. Stateless.
 */
public final class Visible {
    private Visible() {}

    /** {@code s} with every such character written as an escape; tab and newline too unless {@code keepLayout}. */
    public static String escapeControls(String s, boolean keepLayout) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean layout = keepLayout && (c == '\t' || c == '\n');
            if (!layout && isControl(c)) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append(c <= 0xff ? String.format(Locale.ROOT, "\\x%02x", (int) c)
                        : String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
