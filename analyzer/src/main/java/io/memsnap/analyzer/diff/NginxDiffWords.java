// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.diff;

import io.memsnap.analyzer.findings.HumanUnits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * nginx's side of a diff in words: the cycle pool grew (the configuration nginx holds, parsed into a new cycle pool
 * at every reload: a master that grows across reloads), and which pool owners grew. Stateless.
 */
final class NginxDiffWords {
    static final String CYCLE = "nginx: cycle";

    private NginxDiffWords() {}

    static List<DiffFinding> findings(ProcessPair all) {
        List<DiffFinding> out = new ArrayList<>();
        List<MeasureDelta> grown = all.group("nginx", "owner").stream()
                .filter(d -> d.deltaBytes() > 0 && NoiseFloor.exceeded(d.beforeBytes(), d.deltaBytes()))
                .sorted(Comparator.comparingLong(MeasureDelta::deltaBytes).reversed()
                        .thenComparing(d -> d.key().name()))
                .toList();
        grown.stream().filter(d -> d.key().name().equals(CYCLE)).findFirst().ifPresent(c -> out.add(
                new DiffFinding("nginx.cycle-growth", "nginx cycle pool " + Spans.signedBytes(c.deltaBytes()) + " ("
                        + HumanUnits.bytes(c.beforeBytes()) + " -> " + HumanUnits.bytes(c.afterBytes())
                        + "): the configuration nginx holds grew; every reload parses it into a new cycle pool, so a"
                        + " master that grows across reloads keeps what its configuration adds.", c.deltaBytes())));
        List<MeasureDelta> owners = grown.stream().filter(d -> !d.key().name().equals(CYCLE)).limit(3).toList();
        if (!owners.isEmpty()) {
            long total = owners.stream().mapToLong(MeasureDelta::deltaBytes).sum();
            out.add(new DiffFinding("nginx.pool-growth", "nginx pools " + Spans.signedBytes(total) + ": "
                    + owners.stream().map(NginxDiffWords::owner).collect(Collectors.joining(", ")) + ".", total));
        }
        return out;
    }

    static String owner(MeasureDelta d) {
        String pools = d.deltaCount().stream().mapToObj(c -> Spans.signedCount(c) + " pools, ")
                .findFirst().orElse("");
        return d.key().name() + " " + Spans.signedBytes(d.deltaBytes()) + " (" + pools
                + HumanUnits.bytes(d.beforeBytes()) + " -> " + HumanUnits.bytes(d.afterBytes()) + ")";
    }
}
