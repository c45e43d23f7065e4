// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memsnap.analyzer.findings.FindingsEngine;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.StoredSnapshots;
import io.memsnap.report.text.TextRenderer;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.model.luajit.LuaJitDominatorNode;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitModule;
import io.memsnap.snapshot.model.luajit.LuaJitReachability;
import io.memsnap.snapshot.model.luajit.LuaJitRetainer;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The retention tables and icicle in text and HTML, on the stored nginx capture with retainers, modules and a
 * dominator tree added: a hostile path is escaped, string contents appear only when the snapshot holds them.
 */
class LuaJitRetentionRenderTest {
    private static final String HOSTILE = "_G[\"<script>alert(1)</script>\"]";

    /** The stored nginx capture with retainers, modules and a small dominator tree (also opened in Chromium). */
    static Snapshot withRetention() throws IOException {
        Snapshot s = StoredSnapshots.read("linux6.18-x86_64-nginx1.22-openresty-luajit2-pseudo-leak");
        List<ProcessSnapshot> ps = s.processes().stream().map(p -> p.luajit().map(l -> p.withSection(retention(l)))
                .orElse(p)).toList();
        return new Snapshot(s.format(), s.capturedAt(), s.source(), s.host(), ps);
    }

    private static LuaJitHeap retention(LuaJitHeap small) {
        // a GC heap big enough for the retainer finding (at least 8 MiB)
        long gc = 64L << 20;
        LuaJitHeap l = new LuaJitHeap(small.flavour(), small.gc64(), gc, small.gc(), small.allocator(), small.objects(),
                small.objectBytes(), small.stringTableBytes(), small.tables(), small.biggestTables(),
                small.biggestStrings(), small.vms(), small.warnings());
        return l.withRetention(List.of(new LuaJitRetainer("package.loaded[\"app.cache\"].items", Optional.empty(),
                        "table", 0x1000, gc * 7 / 10, 700_111),
                new LuaJitRetainer("_G[string key, 29 bytes]", Optional.of(HOSTILE), "table", 0x2000, 4096, 3)),
                List.of(new LuaJitModule("app.cache", gc * 7 / 10 + 100, 700_200, Optional.of("@/srv/app/cache.lua"))),
                new LuaJitReachability(800_000, gc * 8 / 10, 12, 3000, 1_500_000, List.of(
                        new LuaJitDominatorNode(0, -1, "package.loaded", "table", gc * 7 / 10 + 200),
                        new LuaJitDominatorNode(1, 0, "package.loaded[\"app.cache\"].items", "table", gc * 7 / 10),
                        new LuaJitDominatorNode(2, -1, "_G <b>x</b>", "table", gc / 10))));
    }

    @Test
    void htmlShowsTheIcicleAndTablesEscaped() throws IOException {
        Snapshot s = withRetention();
        StringWriter out = new StringWriter();
        new HtmlRenderer().render(s, FindingsEngine.withDefaultRules().analyze(s), ReportOptions.defaults(), out);
        String html = out.toString();
        assertTrue(html.contains("package.loaded[&quot;app.cache&quot;].items retains"), "finding in words");
        assertTrue(html.contains("<svg width=\"960\""), "icicle");
        assertTrue(html.contains("_G &lt;b&gt;x&lt;/b&gt;"), "icicle label escaped");
        assertFalse(html.contains("<b>x</b>"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "path with strings escaped");
        assertFalse(html.toLowerCase(java.util.Locale.ROOT).contains("<script"));
        assertTrue(html.contains("@/srv/app/cache.lua"));
        assertTrue(html.contains("Unreachable (garbage the collector has not freed yet): 2.9 KiB in 12 objects."),
                "unreachable line");
    }

    @Test
    void textShowsPathsAndHidesStringsOfABareSnapshot() throws IOException {
        Snapshot s = withRetention().withoutStringPreviews();
        StringWriter out = new StringWriter();
        new TextRenderer().render(s, FindingsEngine.withDefaultRules().analyze(s), ReportOptions.defaults(), out);
        String text = out.toString();
        assertTrue(text.contains("LuaJIT top retainers"), text);
        assertTrue(text.contains("package.loaded[\"app.cache\"].items"), text);
        assertTrue(text.contains("_G[string key, 29 bytes]"), text);
        assertFalse(text.contains("alert(1)"), "string contents only with --show-strings");
        assertTrue(text.contains("LuaJIT loaded modules"), text);
        assertTrue(text.contains("@/srv/app/cache.lua"), text);
        assertTrue(text.contains("retains"), "finding sentence");
    }
}
