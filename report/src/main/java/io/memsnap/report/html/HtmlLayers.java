// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.findings.Shares;
import io.memsnap.analyzer.findings.SizeClassTotal;
import io.memsnap.report.ReportOptions;
import io.memsnap.report.ReportRows;
import io.memsnap.snapshot.model.Mapping;
import io.memsnap.snapshot.model.ProcessSnapshot;
import io.memsnap.snapshot.model.Snapshot;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.luajit.GcObjectType;
import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** Writes the glibc, nginx, LuaJIT and process-facts placeholders, one block per process. */
final class HtmlLayers {
    private final Snapshot snapshot;
    private final ReportOptions options;
    private final HtmlOut h;

    HtmlLayers(Snapshot snapshot, ReportOptions options, HtmlOut h) {
        this.snapshot = snapshot;
        this.options = options;
        this.h = h;
    }

    void glibc() throws IOException {
        boolean any = false;
        for (ProcessSnapshot p : snapshot.processes()) {
            if (p.glibc().isPresent()) {
                any = true;
                glibc(p, p.glibc().get());
                new HtmlLayerDetails(h, options.topRows()).glibc(p.glibc().get(), p.rssBytes());
                h.close();
            }
        }
        if (!any) {
            h.el("p", "muted", "No process in this snapshot has a glibc section.");
        }
    }

    private void glibc(ProcessSnapshot p, GlibcHeap g) throws IOException {
        h.open("glibc-" + p.pid(), p.pid(), String.format(Locale.ROOT,
                "pid %d: glibc %s, %d arena(s), %s mmapped chunk(s) of %s",
                p.pid(), g.version(), g.arenas().size(), HumanUnits.count(g.mmapped().count()),
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
        List<SizeClassTotal> classes = SizeClassTotal.of(g);
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
        h.row("th", hn, "size", "in use", "in use bytes", "of RSS", "free", "free bytes");
        for (SizeClassTotal c : classes) {
            h.row("td", hn, HumanUnits.range(c.minBytes(), c.maxBytes()), HumanUnits.count(c.inUseCount()),
                    HumanUnits.bytes(c.inUseBytes()), HumanUnits.percent(Shares.of(c.inUseBytes(), p.rssBytes())),
                    HumanUnits.count(c.freeCount()), HumanUnits.bytes(c.freeBytes()));
        }
        h.tag("</table>\n");
    }

    void nginx() throws IOException {
        new HtmlNginx(snapshot, h).write();
    }

    void luajit() throws IOException {
        boolean any = false;
        for (ProcessSnapshot p : snapshot.processes()) {
            if (p.luajit().isPresent()) {
                any = true;
                luajit(p, p.luajit().get());
                new HtmlLayerDetails(h, options.topRows()).luajit(p.luajit().get(), p.rssBytes());
                h.close();
            }
        }
        if (!any) {
            h.el("p", "muted", "No LuaJIT VM was found in this snapshot.");
        }
    }

    private void luajit(ProcessSnapshot p, LuaJitHeap l) throws IOException {
        LuaJitAllocator a = l.allocator();
        h.open("luajit-" + p.pid(), p.pid(), String.format(Locale.ROOT, "pid %d: %s%s, GC heap %s", p.pid(),
                l.flavour(), l.gc64() ? " (GC64)" : "", HumanUnits.bytes(l.gcTotalBytes())));
        List<SvgCharts.Bar> bars = List.of(new SvgCharts.Bar("footprint", a.footprintBytes()),
                new SvgCharts.Bar("in use", a.usedBytes()), new SvgCharts.Bar("free", a.freeBytes()),
                new SvgCharts.Bar("free pages, resident", a.reclaimableResidentBytes()),
                new SvgCharts.Bar("free bytes, resident (byte-wise)", a.freeResidentBytes()),
                new SvgCharts.Bar("GC heap", l.gcTotalBytes()));
        h.svg(SvgCharts.horizontal("luajit-" + p.pid(), List.of(new SvgCharts.Series("LuaJIT allocator", bars))));
        boolean[] num = {false, true, true, true};
        h.tag("<table>\n");
        h.row("th", num, "allocator", "bytes", "of footprint", "of RSS");
        for (SvgCharts.Bar b : bars) {
            h.row("td", num, b.label(), HumanUnits.bytes(b.bytes()),
                    HumanUnits.percent(Shares.of(b.bytes(), a.footprintBytes())),
                    HumanUnits.percent(Shares.of(b.bytes(), p.rssBytes())));
        }
        h.tag("</table>\n");
        List<GcObjectType> types = ReportRows.objectTypes(l.objects());
        if (types.isEmpty()) {
            return;
        }
        h.el("p", "muted", "GC objects by type, most bytes first.");
        h.svg(SvgCharts.horizontal("gc-" + p.pid(), List.of(new SvgCharts.Series("GC objects",
                types.stream().map(t -> new SvgCharts.Bar(t.type(), t.bytes())).toList()))));
        h.tag("<table>\n");
        h.row("th", num, "type", "bytes", "objects", "of GC heap");
        for (GcObjectType t : types) {
            h.row("td", num, t.type(), HumanUnits.bytes(t.bytes()), HumanUnits.count(t.count()),
                    HumanUnits.percent(Shares.of(t.bytes(), l.gcTotalBytes())));
        }
        h.tag("</table>\n");
    }

    void facts() throws IOException {
        for (ProcessSnapshot p : snapshot.processes()) {
            h.open("facts-" + p.pid(), p.pid(), String.format(Locale.ROOT, "pid %d (%s)", p.pid(), p.role().key()));
            h.tag("<table>\n");
            fact("pid / parent", p.pid() + " / " + p.ppid());
            fact("name", p.name());
            fact("binary", p.exe());
            fact("command line", p.cmdline());
            fact("RSS / peak (VmHWM)", HumanUnits.bytes(p.rssBytes()) + " / "
                    + HumanUnits.bytes(p.status().vmHwmBytes()));
            fact("threads", Integer.toString(p.status().threads()));
            fact("captured at", snapshot.capturedAt());
            fact("freeze pause", p.freezePauseMillis().map(ms -> ms + " ms").orElse("not frozen"));
            fact("cgroup memory limit", p.cgroupMemoryLimitBytes().map(HumanUnits::bytes).orElse("none"));
            fact("glibc", p.glibc().map(g -> g.version()).orElse("not walked"));
            fact("LuaJIT", p.luajit().map(l -> l.flavour() + (l.gc64() ? " (GC64)" : "")).orElse("not found"));
            fact("kernel / memsnap", snapshot.host().kernel() + " / " + snapshot.host().memsnapVersion());
            h.tag("</table>\n");
            mappings(p);
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
    }

    private void fact(String name, String value) throws IOException {
        h.tag("<tr>").el("th", "", name).el("td", "path", value).tag("</tr>\n");
    }

    private void mappings(ProcessSnapshot p) throws IOException {
        List<Mapping> shown = ReportRows.largestMappings(p, options.topRows());
        h.el("p", "muted", String.format(Locale.ROOT, "Largest mappings by Rss (%d of %d, then by address).",
                shown.size(), p.mappings().size()));
        h.tag("<table>\n");
        boolean[] num = {false, false, true, true, false};
        h.row("th", num, "address", "perms", "rss", "of RSS", "path");
        for (Mapping m : shown) {
            h.tag("<tr>").el("td", "mono", String.format(Locale.ROOT, "%x-%x", m.start(), m.end()))
                    .el("td", "mono", m.perms()).el("td", "num", HumanUnits.bytes(m.rssBytes()))
                    .el("td", "num", HumanUnits.percent(Shares.of(m.rssBytes(), p.rssBytes())))
                    .el("td", "path", m.path().isEmpty() ? "[anonymous]" : m.path()).tag("</tr>\n");
        }
        h.tag("</table>\n");
    }
}
