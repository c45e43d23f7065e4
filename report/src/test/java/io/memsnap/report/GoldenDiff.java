// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import java.nio.file.Path;
import java.util.List;

/** A short line diff for a rewritten golden file: the first differing lines, old and new. */
final class GoldenDiff {
    private static final int MAX_LINES = 20;

    private GoldenDiff() {}

    static String describe(Path golden, String before, String after) {
        if (before == null) {
            return "golden " + golden + " created (" + after.lines().count() + " lines)";
        }
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        int start = 0;
        while (start < a.size() && start < b.size() && a.get(start).equals(b.get(start))) {
            start++;
        }
        int endA = a.size();
        int endB = b.size();
        while (endA > start && endB > start && a.get(endA - 1).equals(b.get(endB - 1))) {
            endA--;
            endB--;
        }
        StringBuilder out = new StringBuilder("golden " + golden + " changed at line " + (start + 1) + ":\n");
        for (int i = start; i < Math.min(endA, start + MAX_LINES); i++) {
            out.append("- ").append(a.get(i)).append('\n');
        }
        for (int i = start; i < Math.min(endB, start + MAX_LINES); i++) {
            out.append("+ ").append(b.get(i)).append('\n');
        }
        return out.toString();
    }
}
