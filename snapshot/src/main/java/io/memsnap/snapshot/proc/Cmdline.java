// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.proc;

import java.nio.charset.StandardCharsets;

/** Decodes {@code /proc/PID/cmdline}. Pure and stateless. */
public final class Cmdline {
    private Cmdline() {}

    /**
     * Joins NUL-separated arguments with single spaces. A trailing NUL is dropped. Processes that rewrite their
     * argv (nginx's {@code "nginx: worker process"}) often leave one string padded with NULs or spaces; trailing
     * separators are trimmed. Bytes are decoded as UTF-8 with replacement.
     */
    public static String parse(byte[] raw) {
        String s = new String(raw, StandardCharsets.UTF_8);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\0' || s.charAt(end - 1) == ' ')) {
            end--;
        }
        return s.substring(0, end).replace('\0', ' ');
    }
}
