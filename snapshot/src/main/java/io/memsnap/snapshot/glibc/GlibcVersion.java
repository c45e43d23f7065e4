// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.glibc;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The glibc version from the banner every libc.so.6 carries in its read-only data ("GNU C Library (...) stable
 * release version 2.36."). Pure.
 */
final class GlibcVersion {
    private static final String MARKER = "GNU C Library";
    private static final Pattern RELEASE = Pattern.compile("release version (\\d+\\.\\d+(?:\\.\\d+)?)");

    private GlibcVersion() {}

    /** The version in {@code data}, which holds (part of) libc's file or memory; empty if no banner is there. */
    static Optional<String> find(byte[] data) {
        // ISO-8859-1 maps bytes 1:1 to chars, and String.indexOf is much faster than a byte loop
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int from = 0;
        while (true) {
            int at = text.indexOf(MARKER, from);
            if (at < 0) {
                return Optional.empty();
            }
            int end = at;
            while (end < data.length && end - at < 200 && data[end] != 0) {
                end++;
            }
            Matcher m = RELEASE.matcher(text.substring(at, end));
            if (m.find()) {
                return Optional.of(m.group(1));
            }
            from = at + 1;
        }
    }
}
