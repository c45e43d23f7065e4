// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.Plausibility;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Anonymous and heap memory that no walker claimed: neither glibc nor LuaJIT explains it (another allocator, a
 * module's own mmap, or a walker that could not run). Silent below {@link #MIN_BYTES} or {@link #MIN_SHARE} of RSS.
 */
public final class UnattributedAnonymousRule implements FindingRule {
    /** Least unexplained bytes worth a finding. */
    public static final long MIN_BYTES = 64L << 20;
    /** Least share of RSS worth a finding. */
    public static final double MIN_SHARE = 0.25;

    @Override
    public String id() {
        return "memory.unattributed";
    }

    @Override
    public Optional<Finding> apply(ProcessSnapshot p) {
        long bytes = p.bytesOf(Category.HEAP) + p.bytesOf(Category.ANONYMOUS);
        long rss = p.rssBytes();
        double share = Shares.of(bytes, rss);
        if (bytes < MIN_BYTES || share < MIN_SHARE) {
            return Optional.empty();
        }
        if (walkFailed(p)) {
            // memory a failed walk left over is not evidence of another allocator
            String text = String.format(Locale.ROOT, "%s of anonymous memory (%s of RSS) is not explained, because"
                    + " a walk did not complete (see the capture warnings).", HumanUnits.bytes(bytes),
                    HumanUnits.percent(share));
            return Optional.of(new Finding(id(), Severity.INFO, p.pid(), text, bytes, Optional.of(share), List.of(),
                    "Capture again (the default frozen copy reads a consistent image); if a walk still fails,"
                            + " report it with the snapshot.", List.of("memsnap warning", "anonymous memory")));
        }
        String walked = p.glibc().isPresent() ? "" : " (glibc was not walked)";
        String text = String.format(Locale.ROOT,
                "%s of anonymous memory (%s of RSS) is not explained by glibc or LuaJIT%s.",
                HumanUnits.bytes(bytes), HumanUnits.percent(share), walked);
        List<EvidenceRow> rows = MappingRows.largest(p, m -> m.anonymous() && !m.shared(), "[anonymous]");
        return Optional.of(new Finding(id(), Severity.WARNING, p.pid(), text, bytes, Optional.of(share), rows,
                "Find the owner of the largest anonymous mappings: another allocator (jemalloc, tcmalloc) in the"
                        + " loaded libraries, or a module's own mmap; check the capture warnings.",
                List.of("anonymous memory", "RSS unexplained", "mmap", "jemalloc")));
    }

    /**
     * True if a layer's walk failed or was torn, or a LuaJIT process has no LuaJIT section: its memory then counts
     * as unattributed without belonging to anyone else.
     */
    static boolean walkFailed(ProcessSnapshot p) {
        return Plausibility.torn(p) || p.role() == Role.LUAJIT && p.luajit().isEmpty()
                || p.warnings().stream().anyMatch(w -> w.contains(" layer skipped") || w.contains(" layer dropped"));
    }
}
