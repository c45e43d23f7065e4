// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import io.memsnap.report.Visible;

/**
 * Makes strings from the target safe for a terminal with {@link Visible}'s rule (the HTML report uses the same), and
 * fits them to a column. Stateless.
 */
public final class TextSafe {
    private TextSafe() {}

    /** {@code s} with control and bidi characters shown as escapes. */
    public static String clean(String s) {
        return Visible.escapeControls(s, false);
    }

    /** {@code s} cut to {@code width} characters, ending in an ellipsis when cut. */
    static String fit(String s, int width) {
        if (s.length() <= width) {
            return s;
        }
        return width <= 1 ? s.substring(0, Math.max(0, width)) : s.substring(0, width - 1) + "…";
    }
}
