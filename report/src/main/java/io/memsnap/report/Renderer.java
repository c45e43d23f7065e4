// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import io.memsnap.analyzer.findings.Finding;
import io.memsnap.snapshot.model.Snapshot;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** Writes a report of one snapshot and its findings. Implementations are stateless and thread-safe. */
public interface Renderer {
    /**
     * Writes the report to {@code out} (not closed, flushed at the end). The output depends only on the arguments:
     * the same snapshot and findings give the same characters.
     *
     * @param snapshot what was captured
     * @param findings the findings for {@code snapshot}, in ranked order (as {@code FindingsEngine.analyze} returns)
     * @param options what to include
     * @param out where to write
     */
    void render(Snapshot snapshot, List<Finding> findings, ReportOptions options, Writer out) throws IOException;
}
