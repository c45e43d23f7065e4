// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Surfaces what capture and the walkers could not read or verify, so no number is trusted blindly. Silent when
 * there is no warning.
 */
public final class WalkerWarningsRule implements FindingRule {
    @Override
    public String id() {
        return "capture.warnings";
    }

    @Override
    public Optional<Finding> apply(ProcessSnapshot p) {
        List<EvidenceRow> rows = new ArrayList<>();
        p.warnings().forEach(w -> rows.add(new EvidenceRow("capture", 0, 0, w)));
        p.glibc().ifPresent(g -> g.warnings().forEach(w -> rows.add(new EvidenceRow("glibc walker", 0, 0, w))));
        p.luajit().ifPresent(l -> l.warnings().forEach(w -> rows.add(new EvidenceRow("LuaJIT walker", 0, 0, w))));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        String text = rows.size() == 1
                ? String.format(Locale.ROOT, "1 part of this %s could not be walked or verified; numbers it touches"
                        + " may be incomplete.", Words.noun(p))
                : String.format(Locale.ROOT, "%d parts of this %s could not be walked or verified; numbers they"
                        + " touch may be incomplete.", rows.size(), Words.noun(p));
        return Optional.of(new Finding(id(), Severity.INFO, p.pid(), text, 0, 0, rows,
                "Read the warnings; capture again as root, and report a bug with the snapshot if they persist.",
                List.of("memsnap warning")));
    }
}
