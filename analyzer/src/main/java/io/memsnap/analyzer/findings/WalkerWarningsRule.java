// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Surfaces what capture and the walkers could not read or verify, so no number is trusted blindly, each warning
 * with what to do about its kind ({@link WarningKind}): inherent limits are explained, not reported as bugs. Silent
 * when there is no warning.
 */
public final class WalkerWarningsRule implements FindingRule {
    @Override
    public String id() {
        return "capture.warnings";
    }

    @Override
    public Optional<Finding> apply(ProcessSnapshot p) {
        List<EvidenceRow> rows = new ArrayList<>();
        Set<WarningKind> kinds = new LinkedHashSet<>();
        p.warnings().forEach(w -> rows.add(row("capture", w, kinds)));
        p.glibc().ifPresent(g -> g.warnings().forEach(w -> rows.add(row("glibc walker", w, kinds))));
        p.luajit().ifPresent(l -> l.warnings().forEach(w -> rows.add(row("LuaJIT walker", w, kinds))));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        boolean allInherent = kinds.stream().allMatch(WarningKind::inherent);
        String text = rows.size() == 1
                ? String.format(Locale.ROOT, "1 part of this %s %s; numbers it touches may be incomplete.",
                        Words.noun(p), allInherent ? "is an estimate or unknown by nature" : "could not be walked or "
                                + "verified")
                : String.format(Locale.ROOT, "%d parts of this %s %s; numbers they touch may be incomplete.",
                        rows.size(), Words.noun(p), allInherent ? "are estimates or unknown by nature"
                                : "could not be walked or verified");
        String whatToDo = kinds.stream().sorted(Comparator.comparing(WarningKind::ordinal)).map(WarningKind::advice)
                .collect(Collectors.joining(" "));
        return Optional.of(new Finding(id(), Severity.INFO, p.pid(), text, 0, Optional.empty(), rows, whatToDo,
                List.of("memsnap warning")));
    }

    private static EvidenceRow row(String source, String warning, Set<WarningKind> kinds) {
        WarningKind k = WarningKind.of(warning);
        kinds.add(k);
        return EvidenceRow.words(source + ", " + k.label(), warning);
    }
}
