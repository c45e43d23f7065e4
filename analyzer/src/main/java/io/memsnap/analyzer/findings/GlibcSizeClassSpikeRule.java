// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.glibc.CommonSize;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One glibc size class holds a large part of the process in live chunks: "2240 blocks of 256–512 KiB (812 MiB, 93%
 * of glibc in-use bytes) are in use in glibc malloc; 2,000 of them are 389,136-byte chunks", case 1's long-lived pool blocks. The
 * exact size comes from the process-wide {@link GlibcHeap#commonSizes()} (the walker's most frequent exact in-use
 * sizes): the most frequent one inside the class is named when it holds at least {@link #EXACT_SHARE} of the
 * class's in-use chunks. The list only has the top sizes by count, so a class of few large chunks among many small
 * ones may have none listed; then the sentence names the range only. Silent unless the class holds at least
 * {@link #MIN_BYTES} and its in-use bytes are at least {@link #MIN_SHARE} of RSS. In-use bytes are allocation bytes,
 * not resident bytes (a calloc'd, untouched 1 GiB chunk counts 1 GiB), and the size classes have no resident bytes:
 * so they only gate against RSS (and set the severity), and the share printed is of glibc's in-use bytes (every
 * class's in-use chunks, mmapped included); the finding has no share of RSS.
 *
 * <p>When the nginx layer found pools whose large allocations make most of the class, the sentence names their owner
 * instead ({@link PoolSpikeJoin}): "2,240 blocks of 256–512 KiB (812 MiB, 93% of glibc in-use bytes) are large allocations of 560
 * pools owned by ngx_http_dyups_module (referenced from the .bss of ngx_http_dyups_module.so)".
 */
public final class GlibcSizeClassSpikeRule implements FindingRule {
    /** Least in-use bytes in one class worth a finding. */
    public static final long MIN_BYTES = 32L << 20;
    /** Least share of RSS in one class worth a finding. */
    public static final double MIN_SHARE = 0.25;
    /** From this share of RSS on, the finding is critical. */
    public static final double CRITICAL_SHARE = 0.50;

    /** Least share of the class's chunks one exact size needs to be named in the sentence. */
    public static final double EXACT_SHARE = 0.50;

    private static final int EVIDENCE_ROWS = 3;

    @Override
    public String id() {
        return "glibc.size-class-spike";
    }

    @Override
    public Optional<Finding> apply(ProcessSnapshot p) {
        if (p.glibc().isEmpty()) {
            return Optional.empty();
        }
        List<SizeClassTotal> classes = new ArrayList<>(SizeClassTotal.of(p.glibc().get()));
        if (classes.isEmpty()) {
            return Optional.empty();
        }
        classes.sort(Comparator.comparingLong(SizeClassTotal::inUseBytes).reversed()
                .thenComparingLong(SizeClassTotal::minBytes));
        SizeClassTotal top = classes.get(0);
        // in-use bytes are allocation bytes (a calloc'd, untouched 1 GiB chunk is 1 GiB): they gate against RSS
        // as before, but the share printed is of glibc's in-use bytes, never of RSS
        double gate = Shares.of(top.inUseBytes(), p.rssBytes());
        if (top.inUseBytes() < MIN_BYTES || gate < MIN_SHARE) {
            return Optional.empty();
        }
        long inUse = classes.stream().mapToLong(SizeClassTotal::inUseBytes).sum();
        String range = HumanUnits.range(top.minBytes(), top.maxBytes());
        Optional<CommonSize> exact = dominantSize(p.glibc().get(), top);
        Optional<PoolSpikeJoin.Match> pools = PoolSpikeJoin.of(p, top);
        String text = String.format(Locale.ROOT, "%s blocks of %s (%s, %s of glibc in-use bytes) are %s%s.",
                HumanUnits.count(top.inUseCount()), range, HumanUnits.bytes(top.inUseBytes()),
                HumanUnits.percent(Shares.of(top.inUseBytes(), inUse)), pools.map(PoolSpikeJoin.Match::words).orElse("in use in glibc malloc"),
                exact.map(c -> String.format(Locale.ROOT,
                        "; %s of them are %s-byte chunks (%s)", HumanUnits.count(c.count()),
                        HumanUnits.count(c.sizeBytes()), HumanUnits.bytes(c.bytes()))).orElse(""));
        List<EvidenceRow> rows = new ArrayList<>(classes.stream()
                .limit(EVIDENCE_ROWS)
                .map(c -> inUseRow(HumanUnits.range(c.minBytes(), c.maxBytes()) + " in use", c.inUseBytes(), inUse,
                        HumanUnits.count(c.inUseCount()) + " blocks"))
                .toList());
        exact.ifPresent(c -> rows.add(inUseRow(HumanUnits.count(c.sizeBytes()) + "-byte chunks in use", c.bytes(),
                inUse, HumanUnits.count(c.count()) + " blocks")));
        pools.ifPresent(m -> rows.add(inUseRow("large allocations of pools owned by " + m.owner().owner(),
                m.bytes(), inUse, HumanUnits.count(m.count()) + " blocks in " + HumanUnits.count(m.owner().pools())
                        + " pools")));
        Severity severity = gate >= CRITICAL_SHARE ? Severity.CRITICAL : Severity.WARNING;
        // no share of RSS: the size classes have no resident bytes
        return Optional.of(new Finding(id(), severity, p.pid(), text, top.inUseBytes(), Optional.empty(), rows,
                "Find who allocates " + range + " blocks and keeps them: trace malloc of that size to its call path"
                        + (Words.nginx(p) ? "; in nginx, check pools of modules that live as long as the worker."
                                : "."),
                Words.nginx(p) ? List.of("glibc", "malloc", "memory leak", "nginx pool", range + " allocation")
                        : List.of("glibc", "malloc", "memory leak", range + " allocation")));
    }

    /** A row of allocation bytes: no share of RSS, its share of glibc's in-use bytes in the detail. */
    private static EvidenceRow inUseRow(String label, long bytes, long inUse, String detail) {
        return EvidenceRow.notResident(label, bytes, detail + ", " + HumanUnits.percent(Shares.of(bytes, inUse))
                + " of glibc in-use bytes");
    }

    /** The most frequent listed exact size inside {@code c}, if it holds at least {@link #EXACT_SHARE} of its chunks. */
    static Optional<CommonSize> dominantSize(GlibcHeap heap, SizeClassTotal c) {
        return heap.commonSizes().stream()
                .filter(s -> s.sizeBytes() >= c.minBytes() && s.sizeBytes() < c.maxBytes())
                .max(Comparator.comparingLong(CommonSize::count).thenComparingLong(CommonSize::sizeBytes))
                .filter(s -> s.count() >= EXACT_SHARE * c.inUseCount());
    }
}
