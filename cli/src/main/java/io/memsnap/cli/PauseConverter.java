// SPDX-License-Identifier: Apache-2.0
package io.memsnap.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --max-pause}: a positive number with the unit {@code ms} or {@code s} ({@code 500ms}, {@code 1.5s}). */
final class PauseConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        double millis;
        try {
            if (v.endsWith("ms")) {
                millis = Double.parseDouble(v.substring(0, v.length() - 2));
            } else if (v.endsWith("s")) {
                millis = Double.parseDouble(v.substring(0, v.length() - 1)) * 1000;
            } else {
                throw new TypeConversionException("'" + value + "' needs a unit: ms or s (e.g. 500ms, 2s)");
            }
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 2s)");
        }
        if (!(millis >= 1) || millis > 600_000) {
            throw new TypeConversionException("'" + value + "' must be between 1ms and 600s");
        }
        return Duration.ofMillis(Math.round(millis));
    }
}
