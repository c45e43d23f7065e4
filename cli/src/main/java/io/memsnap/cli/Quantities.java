// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for sizes ({@code 4k}, {@code 1m}, {@code 512}) and durations ({@code 60s}, {@code 500ms}). */
final class Quantities {
    private Quantities() {}

    /** Bytes from {@code N}, {@code Nk}, {@code Nm}, {@code Ng} (powers of 1024). */
    static final class Bytes implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parse(value.toLowerCase(Locale.ROOT).replace("ib", "").replace("b", ""),
                    new String[] {"k", "m", "g"}, new long[] {1L << 10, 1L << 20, 1L << 30}, 1, "size");
        }
    }

    /** Milliseconds from {@code Nms}, {@code Ns}, {@code Nm}, {@code Nh} (a bare number is seconds). */
    static final class Millis implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parse(value.toLowerCase(Locale.ROOT), new String[] {"ms", "s", "m", "h"},
                    new long[] {1, 1000, 60_000, 3_600_000}, 1000, "duration");
        }
    }

    /** A short time in nanoseconds: 10us, 2ms; a bare number is microseconds. */
    static final class Micros implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parse(value.toLowerCase(Locale.ROOT), new String[] {"ns", "us", "ms"},
                    new long[] {1, 1000, 1_000_000}, 1000, "time");
        }
    }

    static long parse(String v, String[] suffixes, long[] factors, long bare, String what) {
        for (int i = 0; i < suffixes.length; i++) {
            if (v.endsWith(suffixes[i]) && v.length() > suffixes[i].length()) {
                return number(v.substring(0, v.length() - suffixes[i].length()), what) * factors[i];
            }
        }
        return number(v, what) * bare;
    }

    private static long number(String s, String what) {
        try {
            long n = Long.parseLong(s.strip());
            if (n < 0) {
                throw new TypeConversionException("negative " + what + ": " + s);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("not a " + what + ": '" + s + "' (e.g. 4k, 1m / 500ms, 60s, 2m)");
        }
    }
}
