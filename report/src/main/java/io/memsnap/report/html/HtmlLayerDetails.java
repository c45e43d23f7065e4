// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.view.GlibcView;
import io.memsnap.analyzer.view.LuaJitView;
import io.memsnap.analyzer.view.Shared;
import io.memsnap.snapshot.model.glibc.CommonSize;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitString;
import io.memsnap.snapshot.model.luajit.LuaJitTable;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The detail tables of the glibc and LuaJIT sections: glibc trimmable and fragmented free memory, its most common
 * exact sizes, LuaJIT's biggest tables and strings. A string preview appears only when the snapshot holds one
 * (captured with {@code --show-strings}); like every cell it goes through {@link HtmlOut}'s escaping. Writes to one
 * {@link HtmlOut}; not thread-safe.
 */
final class HtmlLayerDetails {
    private final HtmlOut h;

    /** Writes to {@code h}; ranked tables show the rows the view holds (--top). */
    HtmlLayerDetails(HtmlOut h) {
        this.h = h;
    }

    private static String shown(int shown, int of) {
        return shown + " of " + of + ", ";
    }

    void glibc(GlibcView view) throws IOException {
        GlibcHeap g = view.heap();
        h.el("p", "muted", "Free memory by what a trim could do: trimmable is what malloc_trim(0) could return now;"
                + " fragmented is free bytes on pages shared with live chunks, which no trim returns.");
        boolean[] num = {false, true, true, true};
        h.tag("<table>\n");
        h.row("th", num, "arena", "free pages, resident", "trimmable", "fragmented");
        for (GlibcArena a : g.arenas()) {
            h.row("td", num, String.format(Locale.ROOT, "%s 0x%x", a.kind(), a.address()),
                    HumanUnits.bytes(a.freeResidentBytes()), HumanUnits.bytes(a.trimmableBytes()),
                    HumanUnits.bytes(a.fragmentedBytes()));
        }
        h.tag("</table>\n");
        if (g.commonSizes().isEmpty()) {
            return;
        }
        h.el("p", "muted", "Most common exact chunk sizes in use, whole process (" + shown(view.commonSizes().size(), g.commonSizes().size())
                + "most chunks first; change with --top).");
        boolean[] cn = {true, true, true, true};
        h.tag("<table>\n");
        h.row("th", cn, "chunk size", "chunks", "bytes", "of in use");
        for (Shared<CommonSize> x : view.commonSizes()) {
            CommonSize s = x.item();
            h.row("td", cn, HumanUnits.count(s.sizeBytes()) + " B", HumanUnits.count(s.count()),
                    HumanUnits.bytes(s.bytes()), HumanUnits.percent(x.share()));
        }
        h.tag("</table>\n");
    }

    void luajit(LuaJitView view) throws IOException {
        LuaJitHeap l = view.heap();
        if (!l.biggestTables().isEmpty()) {
            h.el("p", "muted", "Biggest tables (" + shown(view.tables().size(), l.biggestTables().size())
                    + "most bytes first; change with --top).");
            boolean[] num = {false, true, true, true, true};
            h.tag("<table>\n");
            h.row("th", num, "address", "array slots", "hash slots", "bytes", "of GC heap");
            for (Shared<LuaJitTable> s : view.tables()) {
                LuaJitTable t = s.item();
                h.row("td", num, String.format(Locale.ROOT, "0x%x", t.address()), HumanUnits.count(t.arraySlots()),
                        HumanUnits.count(t.hashSlots()), HumanUnits.bytes(t.bytes()), HumanUnits.percent(s.share()));
            }
            h.tag("</table>\n");
        }
        if (!l.biggestStrings().isEmpty()) {
            strings(view.strings(), l.biggestStrings());
        }
        new HtmlLuaJitRetention(h).render(view);
    }

    private void strings(List<Shared<LuaJitString>> shown, List<LuaJitString> strings) throws IOException {
        boolean previews = strings.stream().anyMatch(s -> s.preview().isPresent());
        h.el("p", "muted", "Biggest strings (" + shown(shown.size(), strings.size()) + "most bytes first; change with --top)"
                + (previews
                ? "; previews were asked for at capture (--show-strings)." : "; contents were not captured."));
        boolean[] num = {false, true, true, true, false};
        h.tag("<table>\n");
        h.row("th", num, "address", "length", "bytes", "of GC heap", previews ? "preview" : "");
        for (Shared<LuaJitString> x : shown) {
            LuaJitString s = x.item();
            h.tag("<tr>").el("td", "mono", String.format(Locale.ROOT, "0x%x", s.address()))
                    .el("td", "num", HumanUnits.count(s.lengthBytes())).el("td", "num", HumanUnits.bytes(s.bytes()))
                    .el("td", "num", HumanUnits.percent(x.share())).el("td", "path preview", s.preview().orElse(""))
                    .tag("</tr>\n");
        }
        h.tag("</table>\n");
    }
}
