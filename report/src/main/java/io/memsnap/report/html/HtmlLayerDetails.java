// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.findings.Shares;
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
    private final int top;

    /** Writes to {@code h}; ranked tables show {@code top} rows (--top). */
    HtmlLayerDetails(HtmlOut h, int top) {
        this.h = h;
        this.top = top;
    }

    private static String shown(int top, int of) {
        return Math.min(top, of) + " of " + of + ", ";
    }

    void glibc(GlibcHeap g, long rss) throws IOException {
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
        h.el("p", "muted", "Most common exact chunk sizes in use, whole process (" + shown(top, g.commonSizes().size())
                + "most chunks first; change with --top).");
        boolean[] cn = {true, true, true, true};
        h.tag("<table>\n");
        h.row("th", cn, "chunk size", "chunks", "bytes", "of RSS");
        for (CommonSize s : g.commonSizes().stream().limit(top).toList()) {
            h.row("td", cn, HumanUnits.count(s.sizeBytes()) + " B", HumanUnits.count(s.count()),
                    HumanUnits.bytes(s.bytes()), pct(s.bytes(), rss));
        }
        h.tag("</table>\n");
    }

    void luajit(LuaJitHeap l, long rss) throws IOException {
        if (!l.biggestTables().isEmpty()) {
            h.el("p", "muted", "Biggest tables (" + shown(top, l.biggestTables().size())
                    + "most bytes first; change with --top).");
            boolean[] num = {false, true, true, true, true};
            h.tag("<table>\n");
            h.row("th", num, "address", "array slots", "hash slots", "bytes", "of RSS");
            for (LuaJitTable t : l.biggestTables().stream().limit(top).toList()) {
                h.row("td", num, String.format(Locale.ROOT, "0x%x", t.address()), HumanUnits.count(t.arraySlots()),
                        HumanUnits.count(t.hashSlots()), HumanUnits.bytes(t.bytes()), pct(t.bytes(), rss));
            }
            h.tag("</table>\n");
        }
        if (!l.biggestStrings().isEmpty()) {
            strings(l.biggestStrings(), rss);
        }
        new HtmlLuaJitRetention(h, top).render(l);
    }

    private void strings(List<LuaJitString> strings, long rss) throws IOException {
        boolean previews = strings.stream().anyMatch(s -> s.preview().isPresent());
        h.el("p", "muted", "Biggest strings (" + shown(top, strings.size()) + "most bytes first; change with --top)"
                + (previews
                ? "; previews were asked for at capture (--show-strings)." : "; contents were not captured."));
        boolean[] num = {false, true, true, true, false};
        h.tag("<table>\n");
        h.row("th", num, "address", "length", "bytes", "of RSS", previews ? "preview" : "");
        for (LuaJitString s : strings.stream().limit(top).toList()) {
            h.tag("<tr>").el("td", "mono", String.format(Locale.ROOT, "0x%x", s.address()))
                    .el("td", "num", HumanUnits.count(s.lengthBytes())).el("td", "num", HumanUnits.bytes(s.bytes()))
                    .el("td", "num", pct(s.bytes(), rss)).el("td", "path preview", s.preview().orElse(""))
                    .tag("</tr>\n");
        }
        h.tag("</table>\n");
    }

    private static String pct(long bytes, long rss) {
        return HumanUnits.percent(Shares.of(bytes, rss));
    }
}
