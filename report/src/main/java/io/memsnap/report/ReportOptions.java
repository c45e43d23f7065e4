// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

/**
 * What a rendered report includes.
 *
 * @param topRows how many rows every ranked table shows: processes by PSS, largest mappings, most common chunk
 *     sizes, biggest Lua tables and strings, GC object types, retainers and modules, nginx pool owners
 */
public record ReportOptions(int topRows) {
    /** The default number of rows of a ranked table. */
    public static final int DEFAULT_TOP_ROWS = 10;

    public ReportOptions {
        if (topRows < 0) {
            throw new IllegalArgumentException("topRows must not be negative: " + topRows);
        }
    }

    /** The defaults: {@value #DEFAULT_TOP_ROWS} rows per ranked table. */
    public static ReportOptions defaults() {
        return new ReportOptions(DEFAULT_TOP_ROWS);
    }
}
