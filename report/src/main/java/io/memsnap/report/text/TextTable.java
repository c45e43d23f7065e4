// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed-width table: each column has a width and side; the last column may be {@code 0} wide, meaning "the rest
 * of the line". Cells longer than their column are cut with an ellipsis, so rows never pass {@link #LINE_WIDTH}.
 * Not thread-safe; build, then {@link #lines()}.
 */
final class TextTable {
    static final int LINE_WIDTH = 100;

    private final String indent;
    private final int[] widths;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    /** Columns as {@code width} with a sign: negative means left-aligned. */
    TextTable(String indent, int... signedWidths) {
        this.indent = indent;
        this.widths = new int[signedWidths.length];
        this.right = new boolean[signedWidths.length];
        for (int i = 0; i < signedWidths.length; i++) {
            widths[i] = Math.abs(signedWidths[i]);
            right[i] = signedWidths[i] > 0;
        }
    }

    TextTable row(String... cells) {
        rows.add(cells.clone());
        return this;
    }

    List<String> lines() {
        List<String> out = new ArrayList<>();
        for (String[] cells : rows) {
            StringBuilder b = new StringBuilder(indent);
            for (int i = 0; i < widths.length; i++) {
                String cell = TextSafe.clean(i < cells.length ? cells[i] : "");
                int w = widths[i] == 0 ? Math.max(1, LINE_WIDTH - b.length()) : widths[i];
                cell = TextSafe.fit(cell, w);
                String pad = " ".repeat(w - cell.length());
                boolean last = i == widths.length - 1;
                b.append(right[i] ? pad + cell : cell + (last ? "" : pad));
                if (!last) {
                    b.append("  ");
                }
            }
            out.add(strip(b));
        }
        return out;
    }

    private static String strip(StringBuilder b) {
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') {
            end--;
        }
        return b.substring(0, end);
    }
}
