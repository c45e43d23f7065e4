// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.trace;

/** Frame names made safe for line formats: no separators, no control characters. Stateless. */
final class FrameNames {
    private FrameNames() {}

    /** {@code name} with {@code ;} (the folded separator) and every control character or blank replaced by {@code _}. */
    static String folded(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            b.append(c == ';' || Character.isWhitespace(c) || Character.isISOControl(c) ? '_' : c);
        }
        return b.length() == 0 ? "_" : b.toString();
    }
}
