// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static io.memsnap.analyzer.findings.Processes.KIB;
import static io.memsnap.analyzer.findings.Processes.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingsEngineTest {
    @Test
    void ranksBySeverityThenBytesThenIdThenPid() {
        ProcessSnapshot leak = Processes.worker().pid(20)
                .with(Category.GLIBC_USED, 900 * MIB)
                .with(Category.ANONYMOUS, 124 * MIB)
                .glibc(Processes.glibc(0, 0, 0, 0, 0, Processes.used(256 * KIB, 2240, 812 * MIB)))
                .warning("x")
                .build();
        ProcessSnapshot twin = Processes.worker().pid(10)
                .with(Category.GLIBC_USED, 900 * MIB)
                .with(Category.ANONYMOUS, 124 * MIB)
                .glibc(Processes.glibc(0, 0, 0, 0, 0, Processes.used(256 * KIB, 2240, 812 * MIB)))
                .build();
        ProcessSnapshot master = Processes.worker().pid(5).role(Role.MASTER).with(Category.GLIBC_USED, MIB).build();
        List<Finding> fs = FindingsEngine.withDefaultRules().analyze(Processes.of(leak, twin, master));
        assertEquals(List.of("glibc.size-class-spike@10", "glibc.size-class-spike@20", "rss.dominant-layer@10",
                "rss.dominant-layer@20", "capture.warnings@20"),
                fs.stream().map(f -> f.id() + "@" + f.pid()).toList());
    }

    @Test
    void quietProcessHasNoFindings() {
        ProcessSnapshot p = Processes.worker().with(Category.GLIBC_USED, 30 * MIB)
                .with(Category.BINARY_AND_LIBRARIES, 30 * MIB).build();
        assertTrue(FindingsEngine.withDefaultRules().analyze(Processes.of(p)).isEmpty());
    }
}
