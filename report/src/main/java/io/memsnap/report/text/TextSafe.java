// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import java.util.Locale;

/**
 * Makes strings from the target safe for a terminal: control characters (ESC, CR, BEL, C1 controls) become
 * {@code \xNN}, so a mapping path cannot move the cursor or recolour the report. Stateless.
 */
public final class TextSafe {
    private TextSafe() {}

    /** {@code s} with control and bidi characters shown as escapes. */
    public static String clean(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
            if (control) {
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

    /** {@code s} cut to {@code width} characters, ending in an ellipsis when cut. */
    static String fit(String s, int width) {
        if (s.length() <= width) {
            return s;
        }
        return width <= 1 ? s.substring(0, Math.max(0, width)) : s.substring(0, width - 1) + "…";
    }
}
