// SPDX-License-Identifier: Apache-2.0
package io.memsnap.snapshot.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.fixtures.NginxFixture;
import io.memsnap.fixtures.NginxFixture.LeakModule;
import io.memsnap.snapshot.capture.CaptureOptions;
import io.memsnap.snapshot.capture.Capturer;
import io.memsnap.snapshot.capture.Layers;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.nginx.Evidence;
import io.memsnap.snapshot.model.nginx.NginxPool;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The leaking C module (fixtures/nginx/leak_module) after N requests: memsnap finds exactly the pools it reports, with
 * their blocks, used and unused bytes and large blocks, owned by the module; with symbols by its cleanup handler's
 * .symtab name, stripped by the reference from its .bss.
 */
@EnabledOnOs(OS.LINUX)
class LeakModuleIT {
    static final String MODULE = "ngx_http_memsnap_leak_module";

    @Test
    void leakedPoolsAreFoundExactlyAndOwnedByTheModuleByItsCleanupSymbol() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("pseudo_leak", 1, LeakModule.WITH_SYMBOLS)) {
            PoolOwner owner = leakOwner(nginx);
            assertEquals(Evidence.CLEANUP_HANDLER, owner.evidence());
            assertTrue(owner.detail().contains("cleanup ngx_http_memsnap_leak_cleanup"), owner.detail());
            assertTrue(owner.detail().contains("referenced from the .bss of " + MODULE + ".so"), owner.detail());
        }
    }

    @Test
    void strippedModuleIsStillOwnedThroughItsBssReference() throws Exception {
        try (NginxFixture nginx = NginxFixture.start("pseudo_leak", 1, LeakModule.STRIPPED)) {
            PoolOwner owner = leakOwner(nginx);
            assertEquals(Evidence.DATA_REFERENCE, owner.evidence());
            assertTrue(owner.detail().startsWith("referenced from the .bss of " + MODULE + ".so"), owner.detail());
        }
    }

    /** Grows the leak, captures the worker, checks the pools against the module's ground truth; the owner row. */
    private static PoolOwner leakOwner(NginxFixture nginx) throws Exception {
        for (int i = 0; i < 3; i++) {
            nginx.get("/leak?n=4");
        }
        String truth = nginx.get("/leak?n=0");
        int worker = (int) number(truth, "pid");
        Capturer capturer = new Capturer(Clock.systemUTC(), Layers.all(false), "test");
        ProcessSnapshot p = capturer.captureLive(worker, CaptureOptions.defaults()).processes().get(0);
        NginxSection nginxSection = p.nginx().orElseThrow(() -> new AssertionError(p.warnings().toString()));
        List<NginxPool> mine = nginxSection.largestPools().stream().filter(x -> x.owner().equals(MODULE)).toList();
        PoolOwner owner = nginxSection.owners().stream().filter(o -> o.owner().equals(MODULE)).findFirst()
                .orElseThrow(() -> new AssertionError(nginxSection.owners().toString()));
        assertEquals(number(truth, "pools"), owner.pools(), "pools");
        assertEquals(addresses(truth),
                mine.stream().map(NginxPool::address).collect(Collectors.toCollection(TreeSet::new)), "pool addresses");
        assertEquals(number(truth, "large_blocks"), owner.largeBlocks(), "large blocks");
        assertEquals(number(truth, "pool_blocks"), owner.blocks(), "pool blocks");
        assertEquals(number(truth, "pool_used_bytes"), mine.stream().mapToLong(NginxPool::usedBytes).sum(), "used");
        assertEquals(number(truth, "pool_unused_bytes"), mine.stream().mapToLong(NginxPool::unusedBytes).sum(),
                "unused");
        // each large block is a glibc chunk: exactly what glibc accounted for it (mallinfo2's mmapped bytes, or
        // malloc_usable_size plus the size field), and every one of them mmapped at 256-512 KiB
        assertEquals(number(truth, "large_chunk_bytes"), owner.largeBytes(), "large bytes");
        assertEquals(number(truth, "large_blocks"), number(truth, "large_mmapped"), "large blocks mmapped");
        assertEquals(number(truth, "large_usable_bytes") + 16 * owner.largeBlocks(), owner.largeBytes(),
                "large bytes against malloc_usable_size");
        assertEquals(owner.largeBytes(), mine.stream().mapToLong(NginxPool::largeBytes).sum(), "large bytes of pools");
        assertTrue(mine.stream().allMatch(x -> x.sizeBytes() == 16384 && x.cleanupHandlers().size() == 1));
        return owner;
    }

    static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    static Set<Long> addresses(String json) {
        Matcher m = Pattern.compile("\"0x([0-9a-f]+)\"").matcher(json);
        Set<Long> out = new TreeSet<>();
        while (m.find()) {
            out.add(Long.parseUnsignedLong(m.group(1), 16));
        }
        return out;
    }
}
