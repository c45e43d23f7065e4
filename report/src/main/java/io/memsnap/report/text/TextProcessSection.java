// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.findings.SizeClassTotal;
import io.memsnap.analyzer.view.GlibcView;
import io.memsnap.analyzer.view.LuaJitView;
import io.memsnap.analyzer.view.ProcessView;
import io.memsnap.analyzer.view.Shared;
import io.memsnap.report.ReportRows;
import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import java.util.List;
import java.util.Locale;

/** The text section of one process: facts, RSS breakdown, glibc, LuaJIT, largest mappings, warnings. */
final class TextProcessSection {
    private final ProcessView v;
    private final ProcessSnapshot p;

    TextProcessSection(ProcessView v) {
        this.v = v;
        this.p = v.process();
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
        v.glibc().ifPresent(g -> {
            glibc(g, lines);
            TextLayerDetails.glibc(g, lines);
        });
        v.luajit().ifPresent(l -> luajit(l, lines));
        v.nginx().ifPresent(n -> TextNginxSection.write(n, lines));
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
        for (Shared<BreakdownEntry> e : v.breakdown()) {
            t.row(e.item().displayName(), HumanUnits.bytes(e.item().bytes()), HumanUnits.percent(e.share()));
        }
        t.row("total", HumanUnits.bytes(p.rssBytes()), HumanUnits.percent(p.rssBytes() > 0 ? 1 : 0));
        lines.addAll(t.lines());
    }

    private void glibc(GlibcView view, List<String> lines) {
        GlibcHeap g = view.heap();
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
        List<Shared<SizeClassTotal>> classes = view.sizeClasses();
        if (classes.isEmpty()) {
            return;
        }
        lines.add("");
        lines.add("  glibc chunk sizes, all arenas (smallest first; in use includes mmapped chunks)");
        // in-use bytes are allocation bytes: their share is of glibc's in-use bytes, not of RSS
        TextTable h = new TextTable("  ", -20, 12, 12, 9, 12, 12);
        h.row("size", "in use", "in use bytes", "of in use", "free", "free bytes");
        for (Shared<SizeClassTotal> s : classes) {
            SizeClassTotal c = s.item();
            h.row(HumanUnits.range(c.minBytes(), c.maxBytes()), HumanUnits.count(c.inUseCount()),
                    HumanUnits.bytes(c.inUseBytes()), HumanUnits.percent(s.share()), HumanUnits.count(c.freeCount()),
                    HumanUnits.bytes(c.freeBytes()));
        }
        lines.addAll(h.lines());
    }

    private void luajit(LuaJitView view, List<String> lines) {
        LuaJitHeap l = view.heap();
        lines.add("");
        lines.addAll(TextWrap.wrap(String.format(Locale.ROOT, "LuaJIT %s%s: GC heap %s (collectgarbage(\"count\"))",
                l.flavour(), l.gc64() ? ", GC64" : "", HumanUnits.bytes(l.gcTotalBytes())), "  ", "    "));
        TextTable t = new TextTable("  ", -32, 10, 7, 0);
        t.row("allocator", "bytes", "of RSS", "");
        TextLayerDetails.allocatorRows(view, t);
        lines.addAll(t.lines());
        if (!l.objects().isEmpty()) {
            objects(view, lines);
        }
        TextLayerDetails.luajit(view, lines);
    }

    private void objects(LuaJitView view, List<String> lines) {
        lines.add("");
        lines.add(String.format(Locale.ROOT, "  LuaJIT GC objects by type (%d of %d, most bytes first; change with "
                + "--top)", view.objectTypes().size(), view.heap().objects().size()));
        TextTable o = new TextTable("  ", -32, 10, 12, 11);
        o.row("type", "bytes", "objects", "of GC heap");
        for (Shared<GcObjectType> s : view.objectTypes()) {
            GcObjectType g = s.item();
            o.row(g.type(), HumanUnits.bytes(g.bytes()), HumanUnits.count(g.count()), HumanUnits.percent(s.share()));
        }
        lines.addAll(o.lines());
    }

    private void mappings(List<String> lines) {
        List<Shared<Mapping>> shown = v.mappings();
        lines.add("");
        lines.add(String.format(Locale.ROOT, "  Largest mappings by Rss (%d of %d, then by address; change with --top)",
                shown.size(), p.mappings().size()));
        TextTable t = new TextTable("  ", -25, -4, 10, 7, 0);
        t.row("address", "perm", "rss", "of RSS", "path");
        for (Shared<Mapping> s : shown) {
            Mapping m = s.item();
            t.row(String.format(Locale.ROOT, "%x-%x", m.start(), m.end()), m.perms(), HumanUnits.bytes(m.rssBytes()),
                    HumanUnits.percent(s.share()), m.path().isEmpty() ? "[anonymous]" : m.path());
        }
        lines.addAll(t.lines());
    }
}
