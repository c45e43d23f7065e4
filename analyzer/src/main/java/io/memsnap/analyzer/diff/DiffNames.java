// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

/** Names shared by the diff's classes and its readers. */
public final class DiffNames {
    /** The label of the pair that sums every process of each snapshot. */
    public static final String ALL = "all processes";

    private DiffNames() {}
}
