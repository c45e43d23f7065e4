// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import java.util.Objects;
import java.util.Optional;

/**
 * One table row a finding rests on, with numbers copied from the snapshot.
 *
 * @param label what the row measures; may contain strings from the target (a mapping path), so renderers escape it
 * @param bytes the row's byte count, 0 if the row is not about bytes
 * @param shareOfRss {@code bytes} as a fraction (0..1) of the process's RSS; empty when no share exists (bytes not
 *     known to be resident, a row not about bytes, no RSS)
 * @param detail extra words such as a count ("2240 blocks"), empty if none; may contain target strings
 */
public record EvidenceRow(String label, long bytes, Optional<Double> shareOfRss, String detail) {
    public EvidenceRow {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(shareOfRss, "shareOfRss");
        Objects.requireNonNull(detail, "detail");
        if (bytes < 0) {
            throw new IllegalArgumentException("negative bytes " + bytes + " for " + label);
        }
    }

    /** A row of {@code bytes} out of {@code rssBytes}, with no detail. */
    public static EvidenceRow of(String label, long bytes, long rssBytes) {
        return new EvidenceRow(label, bytes, Shares.ofWhole(bytes, rssBytes), "");
    }

    /**
     * A row of bytes an allocator holds or handed out (a footprint, free bytes, a limit) that are not known to be
     * resident: it has no share of RSS, which would compare address space with resident memory and could pass 100%.
     */
    public static EvidenceRow notResident(String label, long bytes, String detail) {
        return new EvidenceRow(label, bytes, Optional.empty(), detail);
    }

    /** A row that is not about bytes (a warning, a count in {@code detail}): no bytes, no share. */
    public static EvidenceRow words(String label, String detail) {
        return new EvidenceRow(label, 0, Optional.empty(), detail);
    }

    /** A row of {@code bytes} out of {@code rssBytes}, with a detail. */
    public static EvidenceRow of(String label, long bytes, long rssBytes, String detail) {
        return new EvidenceRow(label, bytes, Shares.ofWhole(bytes, rssBytes), detail);
    }
}
