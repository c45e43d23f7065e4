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
    private static final byte[] MARKER = "GNU C Library".getBytes(StandardCharsets.ISO_8859_1);
    private static final Pattern RELEASE = Pattern.compile("release version (\\d+\\.\\d+(?:\\.\\d+)?)");

    private GlibcVersion() {}

    /** The version in {@code data}, which holds (part of) libc's file or memory; empty if no banner is there. */
    static Optional<String> find(byte[] data) {
        int from = 0;
        while (true) {
            int at = indexOf(data, MARKER, from);
            if (at < 0) {
                return Optional.empty();
            }
            int end = at;
            while (end < data.length && end - at < 200 && data[end] != 0) {
                end++;
            }
            Matcher m = RELEASE.matcher(new String(data, at, end - at, StandardCharsets.ISO_8859_1));
            if (m.find()) {
                return Optional.of(m.group(1));
            }
            from = at + 1;
        }
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
