// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.findings.SizeClassTotal;
import io.memsnap.analyzer.view.GlibcView;
import io.memsnap.analyzer.view.LuaJitView;
import io.memsnap.analyzer.view.LuaJitView.AllocatorRow;
import io.memsnap.analyzer.view.ProcessView;
import io.memsnap.analyzer.view.Shared;
import io.memsnap.report.ReportRows;
import io.memsnap.snapshot.model.BreakdownEntry;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the layers of one process's section: RSS breakdown, glibc, nginx, LuaJIT and the process facts, each a
 * collapsible part with the id {@link #id}. Writes to one {@link HtmlOut}; not thread-safe.
 */
final class HtmlLayers {
    private static final boolean[] BYTES_SHARE = {false, true, true};

    private final Snapshot snapshot;
    private final HtmlOut h;

    HtmlLayers(Snapshot snapshot, HtmlOut h) {
        this.snapshot = snapshot;
        this.h = h;
    }

    /** The id of layer {@code layer} ("breakdown", "glibc", "nginx", "luajit", "facts") of process {@code pid}. */
    static String id(int pid, String layer) {
        return processId(pid) + "-" + layer;
    }

    /** The id of process {@code pid}'s section (or its row among the alike workers), {@code p-PID}. */
    static String processId(int pid) {
        return "p-" + pid;
    }

    /** The layers {@code v} has, in the order {@link #write} writes them, with their link texts. */
    static Map<String, String> present(ProcessView v) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("breakdown", "RSS breakdown");
        v.glibc().ifPresent(g -> out.put("glibc", "glibc malloc"));
        v.nginx().ifPresent(n -> out.put("nginx", "nginx pools"));
        v.luajit().ifPresent(l -> out.put("luajit", "LuaJIT"));
        out.put("facts", "process facts");
        return out;
    }

    /** Every layer of {@code v}, each folded open. */
    void write(ProcessView v) throws IOException {
        breakdown(v);
        if (v.glibc().isPresent()) {
            glibc(v.process(), v.glibc().get());
            new HtmlLayerDetails(h).glibc(v.glibc().get());
            h.close();
        }
        if (v.nginx().isPresent()) {
            new HtmlNginx(h).write(v.process(), v.nginx().get());
        }
        if (v.luajit().isPresent()) {
            luajit(v.process(), v.luajit().get());
            new HtmlLayerDetails(h).luajit(v.luajit().get());
            h.close();
        }
        facts(v);
    }

    private void breakdown(ProcessView v) throws IOException {
        ProcessSnapshot p = v.process();
        h.layer(id(p.pid(), "breakdown"), "RSS breakdown: " + HumanUnits.bytes(p.rssBytes()));
        List<Shared<BreakdownEntry>> rows = v.breakdown();
        if (!rows.isEmpty()) {
            h.svg(SvgCharts.horizontal("rss-" + p.pid(), List.of(new SvgCharts.Series("RSS", rows.stream()
                    .map(e -> new SvgCharts.Bar(e.item().displayName(), e.item().bytes())).toList()))));
        }
        h.tag("<table>\n");
        h.row("th", BYTES_SHARE, "category", "bytes", "of RSS");
        for (Shared<BreakdownEntry> e : rows) {
            h.row("td", BYTES_SHARE, e.item().displayName(), HumanUnits.bytes(e.item().bytes()),
                    HumanUnits.percent(e.share()));
        }
        h.row("th", BYTES_SHARE, "total", HumanUnits.bytes(p.rssBytes()), "100%");
        h.tag("</table>\n");
        h.close();
    }

    private void glibc(ProcessSnapshot p, GlibcView view) throws IOException {
        GlibcHeap g = view.heap();
        h.layer(id(p.pid(), "glibc"), String.format(Locale.ROOT, "glibc %s: %d arena(s), %s mmapped chunk(s) of %s",
                g.version(), g.arenas().size(), HumanUnits.count(g.mmapped().count()),
                HumanUnits.bytes(g.mmapped().bytes())));
        boolean[] num = {false, true, true, true, true, true, true, true};
        h.tag("<table>\n");
        h.row("th", num, "arena", "system", "in use", "free", "top", "tcache", "fastbins", "free, resident");
        for (GlibcArena a : g.arenas()) {
            h.row("td", num, String.format(Locale.ROOT, "%s 0x%x", a.kind(), a.address()),
                    HumanUnits.bytes(a.systemBytes()), HumanUnits.bytes(a.inUseBytes()),
                    HumanUnits.bytes(a.freeBytes()), HumanUnits.bytes(a.topBytes()), HumanUnits.bytes(a.tcacheBytes()),
                    HumanUnits.bytes(a.fastbinBytes()), HumanUnits.bytes(a.freeResidentBytes()));
        }
        h.tag("</table>\n");
        List<SizeClassTotal> classes = view.sizeClasses().stream().map(Shared::item).toList();
        if (classes.isEmpty()) {
            return;
        }
        h.el("p", "muted", "Chunk sizes, all arenas, smallest first; in use includes mmapped chunks.");
        h.svg(SvgCharts.stacked("glibc-" + p.pid(), List.of(
                new SvgCharts.Series("in use", classes.stream()
                        .map(c -> new SvgCharts.Bar(HumanUnits.range(c.minBytes(), c.maxBytes()), c.inUseBytes()))
                        .toList()),
                new SvgCharts.Series("free", classes.stream()
                        .map(c -> new SvgCharts.Bar(HumanUnits.range(c.minBytes(), c.maxBytes()), c.freeBytes()))
                        .toList()))));
        boolean[] hn = {false, true, true, true, true, true};
        h.tag("<table>\n");
        h.row("th", hn, "size", "in use", "in use bytes", "of in use", "free", "free bytes");
        for (Shared<SizeClassTotal> s : view.sizeClasses()) {
            SizeClassTotal c = s.item();
            h.row("td", hn, HumanUnits.range(c.minBytes(), c.maxBytes()), HumanUnits.count(c.inUseCount()),
                    HumanUnits.bytes(c.inUseBytes()), HumanUnits.percent(s.share()),
                    HumanUnits.count(c.freeCount()), HumanUnits.bytes(c.freeBytes()));
        }
        h.tag("</table>\n");
    }

    private void luajit(ProcessSnapshot p, LuaJitView view) throws IOException {
        LuaJitHeap l = view.heap();
        h.layer(id(p.pid(), "luajit"), String.format(Locale.ROOT, "%s%s: GC heap %s",
                l.flavour(), l.gc64() ? " (GC64)" : "", HumanUnits.bytes(l.gcTotalBytes())));
        List<SvgCharts.Bar> bars = view.allocator().stream()
                .map(r -> new SvgCharts.Bar(r.figure().label(), r.bytes())).toList();
        h.svg(SvgCharts.horizontal("luajit-" + p.pid(), List.of(new SvgCharts.Series("LuaJIT allocator", bars))));
        boolean[] num = {false, true, true, true};
        h.tag("<table>\n");
        h.row("th", num, "allocator", "bytes", "of footprint", "of RSS");
        for (AllocatorRow r : view.allocator()) {
            h.row("td", num, r.figure().label(), HumanUnits.bytes(r.bytes()), HumanUnits.percent(r.shareOfFootprint()),
                    HumanUnits.percent(r.shareOfRss()));
        }
        h.tag("</table>\n");
        List<Shared<GcObjectType>> types = view.objectTypes();
        if (types.isEmpty()) {
            return;
        }
        h.el("p", "muted", "GC objects by type (" + types.size() + " of " + l.objects().size()
                + ", most bytes first; change with --top).");
        h.svg(SvgCharts.horizontal("gc-" + p.pid(), List.of(new SvgCharts.Series("GC objects",
                types.stream().map(t -> new SvgCharts.Bar(t.item().type(), t.item().bytes())).toList()))));
        h.tag("<table>\n");
        h.row("th", num, "type", "bytes", "objects", "of GC heap");
        for (Shared<GcObjectType> s : types) {
            GcObjectType t = s.item();
            h.row("td", num, t.type(), HumanUnits.bytes(t.bytes()), HumanUnits.count(t.count()),
                    HumanUnits.percent(s.share()));
        }
        h.tag("</table>\n");
    }

    private void facts(ProcessView v) throws IOException {
        ProcessSnapshot p = v.process();
        h.layer(id(p.pid(), "facts"), "process facts");
        h.tag("<table>\n");
        fact("pid / parent", p.pid() + " / " + p.ppid());
        fact("name", p.name());
        fact("binary", p.exe());
        fact("command line", p.cmdline());
        fact("RSS / peak (VmHWM)", HumanUnits.bytes(p.rssBytes()) + " / " + HumanUnits.bytes(p.status().vmHwmBytes()));
        fact("threads", Integer.toString(p.status().threads()));
        fact("captured at", snapshot.capturedAt());
        fact("freeze pause", p.freezePauseMillis().map(ms -> ms + " ms").orElse("not frozen"));
        fact("cgroup memory limit", p.cgroupMemoryLimitBytes().map(HumanUnits::bytes).orElse("none"));
        fact("glibc", p.glibc().map(g -> g.version()).orElse("not walked"));
        fact("LuaJIT", p.luajit().map(l -> l.flavour() + (l.gc64() ? " (GC64)" : "")).orElse("not found"));
        fact("kernel / memsnap", snapshot.host().kernel() + " / " + snapshot.host().memsnapVersion());
        h.tag("</table>\n");
        mappings(v);
        List<String> warnings = ReportRows.warnings(p);
        if (!warnings.isEmpty()) {
            h.el("p", "", "Warnings:").tag("<ul class=\"warnings\">\n");
            for (String w : warnings) {
                h.el("li", "", w).tag("\n");
            }
            h.tag("</ul>\n");
        }
        h.close();
    }

    private void fact(String name, String value) throws IOException {
        h.tag("<tr>").el("th", "", name).el("td", "path", value).tag("</tr>\n");
    }

    private void mappings(ProcessView v) throws IOException {
        List<Shared<Mapping>> shown = v.mappings();
        h.el("p", "muted", String.format(Locale.ROOT, "Largest mappings by Rss (%d of %d, then by address).",
                shown.size(), v.process().mappings().size()));
        h.tag("<table>\n");
        boolean[] num = {false, false, true, true, false};
        h.row("th", num, "address", "perms", "rss", "of RSS", "path");
        for (Shared<Mapping> s : shown) {
            Mapping m = s.item();
            h.tag("<tr>").el("td", "mono", String.format(Locale.ROOT, "%x-%x", m.start(), m.end()))
                    .el("td", "mono", m.perms()).el("td", "num", HumanUnits.bytes(m.rssBytes()))
                    .el("td", "num", HumanUnits.percent(s.share()))
                    .el("td", "path", m.path().isEmpty() ? "[anonymous]" : m.path()).tag("</tr>\n");
        }
        h.tag("</table>\n");
    }
}
