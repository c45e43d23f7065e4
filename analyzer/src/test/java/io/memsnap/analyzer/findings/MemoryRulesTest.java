// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static io.memsnap.analyzer.findings.Processes.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.Plausibility;
import io.memsnap.snapshot.model.ProcessSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared-memory and unattributed-anonymous rules, which read only the breakdown and mappings. */
class MemoryRulesTest {
    @Test
    void sharedMemoryNamesZonesAndLargestMappings() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.NGINX_SHM, 300 * MIB)
                .with(Category.SHARED_MEMORY, 10 * MIB)
                .with(Category.GLIBC_USED, 690 * MIB)
                .mapping("/dev/zero (deleted)", "rw-s", 300 * MIB)
                .mapping("", "rw-s", 10 * MIB)
                .mapping("", "rw-p", 690 * MIB)
                .build();
        Finding f = new SharedMemoryRule().apply(p).orElseThrow();
        assertEquals("Shared memory makes 31% of RSS (310 MiB): nginx shared zones 300 MiB, other 10.0 MiB; every"
                + " process that touches it counts it in its RSS.", f.text());
        assertEquals(Severity.INFO, f.severity());
        assertEquals(List.of("/dev/zero (deleted)", "[shared anonymous]"),
                f.evidence().stream().map(EvidenceRow::label).toList());
        assertEquals("10000000-22c01000 rw-s", f.evidence().get(0).detail());
    }

    @Test
    void sharedMemoryWithoutNamedZonesDoesNotClaimZeroZones() {
        // a lua_shared_dict before the nginx layer names zones: all of it is "shared memory"
        ProcessSnapshot p = Processes.worker()
                .with(Category.SHARED_MEMORY, 88 * MIB)
                .with(Category.ANONYMOUS, 12 * MIB)
                .build();
        Finding f = new SharedMemoryRule().apply(p).orElseThrow();
        assertEquals("Shared memory makes 88% of RSS (88.0 MiB); every process that touches it counts it in its RSS.",
                f.text());
        Finding other = new SharedMemoryRule().apply(Processes.worker().role(io.memsnap.snapshot.model.Role.OTHER)
                .with(Category.SHARED_MEMORY, 88 * MIB).with(Category.ANONYMOUS, 12 * MIB).build()).orElseThrow();
        assertTrue(!other.whatToDo().contains("nginx") && !other.keywords().contains("lua_shared_dict"),
                other.whatToDo());
    }

    @Test
    void sharedMemorySilentBelowQuarter() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.NGINX_SHM, 249 * MIB)
                .with(Category.GLIBC_USED, 751 * MIB)
                .build();
        assertTrue(new SharedMemoryRule().apply(p).isEmpty());
        assertTrue(new SharedMemoryRule().apply(Processes.worker().with(Category.NGINX_SHM, 63 * MIB).build())
                .isEmpty());
    }

    @Test
    void unattributedAnonymousSaysGlibcWasNotWalked() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.HEAP, 200 * MIB)
                .with(Category.ANONYMOUS, 112 * MIB)
                .with(Category.BINARY_AND_LIBRARIES, 712 * MIB)
                .mapping("[heap]", "rw-p", 200 * MIB)
                .mapping("", "rw-p", 112 * MIB)
                .mapping("/dev/zero (deleted)", "rw-s", 5 * MIB)
                .build();
        Finding f = new UnattributedAnonymousRule().apply(p).orElseThrow();
        assertEquals("312 MiB of anonymous memory (30% of RSS) is not explained by glibc or LuaJIT (glibc was not"
                + " walked).", f.text());
        assertEquals(312 * MIB, f.bytes());
        assertEquals(List.of("[heap]", "[anonymous]"), f.evidence().stream().map(EvidenceRow::label).toList());
    }

    @Test
    void memoryATornWalkLeftOverIsNotBlamedOnAnotherAllocator() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.ANONYMOUS, 152 * MIB)
                .with(Category.BINARY_AND_LIBRARIES, 100 * MIB)
                .mapping("", "rw-p", 152 * MIB)
                .warning(Plausibility.TORN)
                .build();
        Finding f = new UnattributedAnonymousRule().apply(p).orElseThrow();
        assertEquals("152 MiB of anonymous memory (60% of RSS) is not explained, because a walk did not complete"
                + " (see the capture warnings).", f.text());
        assertEquals(Severity.INFO, f.severity());
        assertTrue(!f.whatToDo().contains("jemalloc") && !f.whatToDo().contains("another allocator"),
                f.whatToDo());
        Finding dominant = new DominantLayerRule().apply(p).orElseThrow();
        assertTrue(!dominant.whatToDo().contains("another allocator"), dominant.whatToDo());
    }

    @Test
    void unattributedSilentBelowThreshold() {
        ProcessSnapshot p = Processes.worker()
                .with(Category.ANONYMOUS, 200 * MIB)
                .with(Category.GLIBC_USED, 801 * MIB)
                .build();
        assertTrue(new UnattributedAnonymousRule().apply(p).isEmpty());
    }
}
