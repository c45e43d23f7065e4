// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Category;
import io.memsnap.snapshot.model.HostInfo;
import io.memsnap.snapshot.model.ProcStatus;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Role;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.model.nginx.Evidence;
import io.memsnap.snapshot.model.nginx.NginxPool;
import io.memsnap.snapshot.model.nginx.NginxSection;
import io.memsnap.snapshot.model.nginx.PoolOwner;
import io.memsnap.snapshot.model.nginx.PoolTotals;
import io.memsnap.snapshot.model.nginx.ShmZone;
import io.memsnap.snapshot.model.nginx.SizeBucket;
import io.memsnap.snapshot.model.nginx.SlabClass;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The nginx tables and findings in text, HTML and JSON; target strings (zone names) escaped in HTML. */
class NginxRenderTest {
    private static final long MIB = 1 << 20;

    static Snapshot snapshot() {
        PoolOwner leak = new PoolOwner("ngx_http_memsnap_leak_module", Evidence.CLEANUP_HANDLER,
                "cleanup ngx_http_memsnap_leak_cleanup; referenced from the .bss of ngx_http_memsnap_leak_module.so",
                24, 170, 40 * MIB, 96, 38 * MIB, List.of(new SizeBucket(256 << 10, 512 << 10, 96, 38 * MIB)));
        PoolOwner cycle = new PoolOwner("nginx: cycle", Evidence.REACHABILITY, "ngx_cycle->pool", 1, 3, 49_200, 0, 0,
                List.of());
        ShmZone dict = new ShmZone("<script>alert(1)</script>", "ngx_http_lua_module", "lua_shared_dict", 0x7f00L,
                8 * MIB, 8 * MIB, 0, 8 * MIB, 4 * MIB, List.of(new SlabClass(512, 100, 100, 5000, 321)), Optional.of(15_000L),
                Optional.of(3_000_000L), Optional.of(100L), Optional.of(28_100L), true);
        NginxSection n = new NginxSection(0x5000, new PoolTotals(25, 40 * MIB + 49_200, 173, MIB, 100_000, 96,
                38 * MIB, 0), List.of(leak, cycle), List.of(new NginxPool(0x5555_0000_0110L, 16384, 7, 2 * MIB, 100_000,
                12_000, 4, 1_500_000, List.of("ngx_http_memsnap_leak_module.so+0x1619"), leak.owner(),
                Evidence.CLEANUP_MODULE, "cleanup handler in ngx_http_memsnap_leak_module.so (no symbol)")),
                List.of(dict), List.of());
        ProcessSnapshot p = new ProcessSnapshot(42, 1, Role.WORKER, "nginx", "nginx: worker process",
                "/usr/sbin/nginx", 60 * MIB, ProcStatus.unknown(), Optional.empty(), Optional.empty(), List.of(),
                List.of(new BreakdownEntry(Category.GLIBC_USED, 52 * MIB), new BreakdownEntry(Category.NGINX_SHM,
                        8 * MIB)), Optional.empty(), Optional.empty(), Optional.of(n), List.of());
        return new Snapshot(Snapshot.FORMAT, "2026-11-29T11:00:00Z", "pid 42", new HostInfo("6.1", 4096, "dev"),
                List.of(p));
    }

    private static String render(ReportFormat f) throws IOException {
        Snapshot s = snapshot();
        StringWriter out = new StringWriter();
        f.renderer().render(s, FindingsEngine.withDefaultRules().analyze(s), ReportOptions.defaults(), out);
        return out.toString();
    }

    @Test
    void textNamesTheOwnerItsEvidenceAndTheZones() throws IOException {
        String text = render(ReportFormat.TEXT);
        assertTrue(text.contains("nginx pools: 25 pools hold 40.0 MiB"), text);
        assertTrue(text.contains("nginx.pool-owner"), text);
        assertTrue(text.contains("24 nginx pools owned by ngx_http_memsnap_leak_module hold 40.0 MiB"), text);
        assertTrue(text.contains("ngx_http_memsnap_leak_module: cleanup ngx_http_memsnap_leak_cleanup; referenced"),
                text);
        assertTrue(text.contains("large blocks 256–512 KiB: 96 (38.0 MiB)"), text);
        assertTrue(text.contains("nginx.shdict-full"), text);
        assertTrue(text.contains("lua_shared_dict"), text);
    }

    @Test
    void htmlEscapesZoneNamesAndJsonCarriesTheSection() throws IOException {
        String html = render(ReportFormat.HTML);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "zone name escaped");
        assertFalse(html.contains("<script>alert(1)"), "no raw target string");
        assertTrue(html.contains("nginx: cycle"));
        assertTrue(html.contains("id=\"nginx-42\"") || html.contains("nginx-42"), "owner chart");
        String json = render(ReportFormat.JSON);
        assertTrue(json.contains("\"owners\"") && json.contains("\"shm_zones\"") && json.contains("\"expired_keys\""),
                json);
    }
}
