// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.findings.Shares;
import io.memsnap.analyzer.findings.SizeClassTotal;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.ReportRows;
import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import java.util.List;
import java.util.Locale;

/** The text section of one process: facts, RSS breakdown, glibc, LuaJIT, largest mappings, warnings. */
final class TextProcessSection {
    private final ProcessSnapshot p;
    private final ReportOptions options;

    TextProcessSection(ProcessSnapshot p, ReportOptions options) {
        this.p = p;
        this.options = options;
    }

    void write(List<String> lines) {
        lines.addAll(TextWrap.wrap(String.format(Locale.ROOT, "PROCESS %d (%s, %s), RSS %s", p.pid(), p.role().key(),
                p.name(), HumanUnits.bytes(p.rssBytes())), "", "  "));
        TextTable facts = new TextTable("  ", -14, 0);
        facts.row("exe", p.exe());
        facts.row("command line", p.cmdline());
        facts.row("parent pid", Integer.toString(p.ppid()));
        facts.row("threads", Integer.toString(p.status().threads()));
        facts.row("frozen for", p.freezePauseMillis().map(ms -> ms + " ms").orElse("not frozen"));
        facts.row("cgroup limit", p.cgroupMemoryLimitBytes().map(HumanUnits::bytes).orElse("none"));
        lines.addAll(facts.lines());
        breakdown(lines);
        p.glibc().ifPresent(g -> {
            glibc(g, lines);
            TextLayerDetails.glibc(g, p.rssBytes(), options.topRows(), lines);
        });
        p.luajit().ifPresent(l -> luajit(l, lines));
        p.nginx().ifPresent(n -> TextNginxSection.write(n, p.rssBytes(), lines));
        mappings(lines);
        List<String> warnings = ReportRows.warnings(p);
        if (!warnings.isEmpty()) {
            lines.add("");
            lines.add("  Warnings");
            warnings.forEach(w -> lines.addAll(TextWrap.wrap(w, "  - ", "    ")));
        }
    }

    private void breakdown(List<String> lines) {
        lines.add("");
        lines.add("  RSS by category (largest first)");
        TextTable t = new TextTable("  ", -32, 10, 7);
        t.row("category", "bytes", "of RSS");
        for (BreakdownEntry e : ReportRows.breakdown(p)) {
            t.row(e.displayName(), HumanUnits.bytes(e.bytes()), pct(e.bytes()));
        }
        t.row("total", HumanUnits.bytes(p.rssBytes()), pct(p.rssBytes()));
        lines.addAll(t.lines());
    }

    private void glibc(GlibcHeap g, List<String> lines) {
        lines.add("");
        lines.addAll(TextWrap.wrap(String.format(Locale.ROOT, "glibc %s: %d arena(s), %s mmapped chunk(s) of %s",
                g.version(), g.arenas().size(), HumanUnits.count(g.mmapped().count()),
                HumanUnits.bytes(g.mmapped().bytes())), "  ", "    "));
        TextTable t = new TextTable("  ", -20, 9, 9, 9, 9, 9, 9, 10);
        t.row("arena", "system", "in use", "free", "top", "tcache", "fastbins", "free res.");
        for (GlibcArena a : g.arenas()) {
            t.row(String.format(Locale.ROOT, "%s 0x%x", a.kind(), a.address()), HumanUnits.bytes(a.systemBytes()),
                    HumanUnits.bytes(a.inUseBytes()), HumanUnits.bytes(a.freeBytes()), HumanUnits.bytes(a.topBytes()),
                    HumanUnits.bytes(a.tcacheBytes()), HumanUnits.bytes(a.fastbinBytes()),
                    HumanUnits.bytes(a.freeResidentBytes()));
        }
        lines.addAll(t.lines());
        List<SizeClassTotal> classes = SizeClassTotal.of(g);
        if (classes.isEmpty()) {
            return;
        }
        lines.add("");
        lines.add("  glibc chunk sizes, all arenas (smallest first; in use includes mmapped chunks)");
        TextTable h = new TextTable("  ", -20, 12, 12, 7, 12, 12);
        h.row("size", "in use", "in use bytes", "of RSS", "free", "free bytes");
        for (SizeClassTotal c : classes) {
            h.row(HumanUnits.range(c.minBytes(), c.maxBytes()), HumanUnits.count(c.inUseCount()),
                    HumanUnits.bytes(c.inUseBytes()), pct(c.inUseBytes()), HumanUnits.count(c.freeCount()),
                    HumanUnits.bytes(c.freeBytes()));
        }
        lines.addAll(h.lines());
    }

    private void luajit(LuaJitHeap l, List<String> lines) {
        LuaJitAllocator a = l.allocator();
        lines.add("");
        lines.addAll(TextWrap.wrap(String.format(Locale.ROOT, "LuaJIT %s%s: GC heap %s (collectgarbage(\"count\"))",
                l.flavour(), l.gc64() ? ", GC64" : "", HumanUnits.bytes(l.gcTotalBytes())), "  ", "    "));
        TextTable t = new TextTable("  ", -32, 10, 7, 0);
        t.row("allocator", "bytes", "of RSS", "");
        t.row("footprint", HumanUnits.bytes(a.footprintBytes()), pct(a.footprintBytes()), "");
        t.row("in use", HumanUnits.bytes(a.usedBytes()), pct(a.usedBytes()),
                HumanUnits.percent(Shares.of(a.usedBytes(), a.footprintBytes())) + " of footprint");
        t.row("free", HumanUnits.bytes(a.freeBytes()), pct(a.freeBytes()),
                HumanUnits.percent(Shares.of(a.freeBytes(), a.footprintBytes())) + " of footprint");
        TextLayerDetails.allocatorRows(a, t, p.rssBytes());
        lines.addAll(t.lines());
        if (!l.objects().isEmpty()) {
            objects(l, lines);
        }
        TextLayerDetails.luajit(l, p.rssBytes(), options.topRows(), lines);
    }

    private void objects(LuaJitHeap l, List<String> lines) {
        lines.add("");
        lines.add("  LuaJIT GC objects by type (most bytes first)");
        TextTable o = new TextTable("  ", -32, 10, 12, 11);
        o.row("type", "bytes", "objects", "of GC heap");
        for (GcObjectType g : ReportRows.objectTypes(l.objects())) {
            o.row(g.type(), HumanUnits.bytes(g.bytes()), HumanUnits.count(g.count()),
                    HumanUnits.percent(Shares.of(g.bytes(), l.gcTotalBytes())));
        }
        lines.addAll(o.lines());
    }

    private void mappings(List<String> lines) {
        List<Mapping> shown = ReportRows.largestMappings(p, options.topRows());
        lines.add("");
        lines.add(String.format(Locale.ROOT, "  Largest mappings by Rss (%d of %d, then by address; change with --top)",
                shown.size(), p.mappings().size()));
        TextTable t = new TextTable("  ", -25, -4, 10, 7, 0);
        t.row("address", "perm", "rss", "of RSS", "path");
        for (Mapping m : shown) {
            t.row(String.format(Locale.ROOT, "%x-%x", m.start(), m.end()), m.perms(), HumanUnits.bytes(m.rssBytes()),
                    pct(m.rssBytes()), m.path().isEmpty() ? "[anonymous]" : m.path());
        }
        lines.addAll(t.lines());
    }

    private String pct(long bytes) {
        return HumanUnits.percent(Shares.of(bytes, p.rssBytes()));
    }
}
