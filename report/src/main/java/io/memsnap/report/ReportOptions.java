// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

/**
 * What a rendered report includes.
 *
 * @param maxMappings how many mappings each process's "largest mappings" table shows (largest Rss first)
 */
public record ReportOptions(int maxMappings) {
    /** The default number of mappings shown per process. */
    public static final int DEFAULT_MAX_MAPPINGS = 10;

    public ReportOptions {
        if (maxMappings < 0) {
            throw new IllegalArgumentException("maxMappings must not be negative: " + maxMappings);
        }
    }

    /** The defaults: {@value #DEFAULT_MAX_MAPPINGS} mappings per process. */
    public static ReportOptions defaults() {
        return new ReportOptions(DEFAULT_MAX_MAPPINGS);
    }
}
