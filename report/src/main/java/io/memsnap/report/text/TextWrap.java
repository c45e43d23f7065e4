// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import java.util.ArrayList;
import java.util.List;

/** Word wrapping to {@link TextTable#LINE_WIDTH}. Stateless. */
final class TextWrap {
    private TextWrap() {}

    /**
     * {@code text} (cleaned of control characters) wrapped at spaces: the first line starts with {@code first},
     * the others with {@code rest}. A word longer than a line is cut.
     */
    static List<String> wrap(String text, String first, String rest) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : TextSafe.clean(text).split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!empty && line.length() + 1 + word.length() > TextTable.LINE_WIDTH) {
                out.add(line.toString());
                line = new StringBuilder(rest);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(TextSafe.fit(word, TextTable.LINE_WIDTH - line.length()));
            empty = false;
        }
        out.add(line.toString());
        return out;
    }
}
