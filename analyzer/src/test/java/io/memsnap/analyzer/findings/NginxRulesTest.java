// SPDX-License-Identifier: Apache-2.0
package io.memsnap.analyzer.findings;

import static io.memsnap.analyzer.findings.Processes.KIB;
import static io.memsnap.analyzer.findings.Processes.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.nginx.Evidence;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import io.memsnap.snapshot.model.nginx.PoolTotals;
import io.memsnap.snapshot.model.nginx.ShmZone;
import io.memsnap.snapshot.model.nginx.SizeBucket;
import io.memsnap.snapshot.model.nginx.SlabClass;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The nginx rules and the glibc spike joined with pool ownership, on case 1's numbers. */
class NginxRulesTest {
    private static final String DETAIL = "referenced from the .bss of ngx_http_dyups_module.so; cleanup "
            + "ngx_http_dyups_cleanup";

    static PoolOwner owner(String name, long pools, long largeBlocks, long largeBytes, long bytes) {
        return new PoolOwner(name, Evidence.DATA_REFERENCE, DETAIL, pools, pools, bytes, largeBlocks, largeBytes,
                List.of(new SizeBucket(256 * KIB, 512 * KIB, largeBlocks, largeBytes)));
    }

    /** {@code o} with {@code bytes} of its chunks in resident pages. */
    static PoolOwner resident(PoolOwner o, long bytes) {
        return new PoolOwner(o.owner(), o.evidence(), o.detail(), o.pools(), o.blocks(), o.bytes(), o.largeBlocks(),
                o.largeBytes(), o.largeHistogram(), Optional.of(bytes));
    }

    static ShmZone dict(String name, long fails, long expiredBytes) {
        return new ShmZone(name, "ngx_http_lua_module", "lua_shared_dict", 0x7f0000000000L, 8 * MIB, 7 * MIB, MIB,
                8 * MIB, 8 * MIB, List.of(new SlabClass(512, 100, 90, 1000, fails)), Optional.of(15_000L),
                Optional.of(3_000_000L), Optional.of(2_000L), Optional.of(expiredBytes), true);
    }

    static ProcessSnapshot caseOne(ShmZone... zones) {
        PoolOwner dyups = resident(owner("ngx_http_dyups_module", 560, 2240, 790 * MIB, 812 * MIB), 800 * MIB);
        PoolOwner request = owner("nginx: request", 3, 0, 0, 12 * KIB);
        NginxSection n = new NginxSection(0x1000, new PoolTotals(563, 812 * MIB + 12 * KIB, 563, 0, 0, 2240,
                790 * MIB, 0), List.of(dyups, request), List.of(), List.of(zones), List.of());
        return Processes.worker()
                .with(Category.GLIBC_USED, 900 * MIB)
                .with(Category.ANONYMOUS, 124 * MIB)
                .glibc(Processes.glibc(0, 0, 0, 0, 0, Processes.used(64, 100_000, 8 * MIB),
                        Processes.used(256 * KIB, 2240, 812 * MIB), Processes.used(4 * KIB, 9000, 52 * MIB)))
                .build().withSection(n);
    }

    @Test
    void glibcSpikeNamesThePoolOwner() {
        Finding f = new GlibcSizeClassSpikeRule().apply(caseOne()).orElseThrow();
        // 812 MiB of the 872 MiB in use (the three classes): allocation bytes, so no share of RSS
        assertEquals("2,240 blocks of 256–512 KiB (812 MiB, 93% of glibc in-use bytes) are large allocations of 560"
                + " pools owned by ngx_http_dyups_module (" + DETAIL + ").", f.text());
        assertEquals("large allocations of pools owned by ngx_http_dyups_module", f.evidence().get(3).label());
        assertEquals("2,240 blocks in 560 pools, 91% of glibc in-use bytes", f.evidence().get(3).detail());
        assertEquals(Optional.empty(), f.shareOfRss());
        assertTrue(f.evidence().stream().allMatch(r -> r.shareOfRss().isEmpty()), f.evidence().toString());
    }

    @Test
    void spikeStaysAnonymousWhenNoOwnerHasMostOfIt() {
        PoolOwner few = owner("ngx_http_dyups_module", 10, 40, 14 * MIB, 15 * MIB);
        NginxSection n = new NginxSection(0x1000, new PoolTotals(10, 15 * MIB, 10, 0, 0, 40, 14 * MIB, 0),
                List.of(few), List.of(), List.of(), List.of());
        ProcessSnapshot p = caseOne().withSection(n);
        assertTrue(new GlibcSizeClassSpikeRule().apply(p).orElseThrow().text().endsWith("are in use in glibc malloc."));
    }

    @Test
    void dominatingOwner() {
        Finding f = new NginxPoolOwnerRule().apply(caseOne()).orElseThrow();
        assertEquals("560 nginx pools owned by ngx_http_dyups_module hold 812 MiB (resident 800 MiB, 78% of RSS):"
                + " 2,240 large blocks of 790 MiB; evidence: " + DETAIL + " (referenced from a data segment).", f.text());
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals(800 * MIB, f.bytes());
    }

    @Test
    void ownerWithoutResidentBytesGetsNoShareOfRss() {
        ProcessSnapshot p = caseOne();
        NginxSection n = p.nginx().orElseThrow();
        PoolOwner old = owner("ngx_http_dyups_module", 560, 2240, 790 * MIB, 812 * MIB);
        Finding f = new NginxPoolOwnerRule().apply(p.withSection(new NginxSection(n.cycleAddress(), n.pools(),
                List.of(old), List.of(), List.of(), List.of()))).orElseThrow();
        assertEquals("560 nginx pools owned by ngx_http_dyups_module hold 812 MiB (resident bytes not recorded in this"
                + " snapshot): 2,240 large blocks of 790 MiB; evidence: " + DETAIL + " (referenced from a data segment).",
                f.text());
        assertEquals(Optional.empty(), f.shareOfRss());
        assertEquals(Severity.WARNING, f.severity());
    }

    @Test
    void residentPastRssGivesNoShare() {
        ProcessSnapshot p = caseOne();
        NginxSection n = p.nginx().orElseThrow();
        PoolOwner impossible = resident(owner("ngx_http_dyups_module", 560, 2240, 790 * MIB, 812 * MIB),
                p.rssBytes() + 1);
        Finding f = new NginxPoolOwnerRule().apply(p.withSection(new NginxSection(n.cycleAddress(), n.pools(),
                List.of(impossible), List.of(), List.of(), List.of()))).orElseThrow();
        assertTrue(f.text().contains("(resident " + HumanUnits.bytes(p.rssBytes() + 1) + "):"), f.text());
        assertEquals(Optional.empty(), f.shareOfRss());
    }

    @Test
    void fullDictAndExpiredEntries() {
        ProcessSnapshot p = caseOne(dict("cache", 0, 512 * KIB), dict("sessions", 1234, 3 * MIB));
        Finding full = new SharedDictRule().apply(p).orElseThrow();
        assertEquals("shared dict sessions is full: 1,234 failed allocations, keys being evicted (15,000 keys, 1.0 MiB"
                + " free of 8.0 MiB).", full.text());
        Finding expired = new SharedDictExpiredRule().apply(p).orElseThrow();
        assertEquals("shared dict sessions holds 3.0 MiB of expired entries (2,000 of its 15,000 keys, 38% of the zone).",
                expired.text());
        ProcessSnapshot quiet = caseOne(dict("cache", 0, 512 * KIB));
        assertTrue(new SharedDictRule().apply(quiet).isEmpty());
        assertTrue(new SharedDictExpiredRule().apply(quiet).isEmpty());
    }
}
