// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.findings.Shares;
import io.memsnap.snapshot.model.glibc.CommonSize;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
import io.memsnap.snapshot.model.luajit.LuaJitAllocator;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitString;
import io.memsnap.snapshot.model.luajit.LuaJitTable;
import java.util.List;
import java.util.Locale;

/**
 * The detail tables under the glibc and LuaJIT summaries of a process: where glibc's free memory sits (trimmable,
 * fragmented), its most common exact sizes, LuaJIT's allocator pages and its biggest tables and strings. String
 * previews are printed only when the snapshot holds them (captured with {@code --show-strings}); every cell goes
 * through {@link TextSafe}. Stateless.
 */
final class TextLayerDetails {
    private TextLayerDetails() {}

    static void glibc(GlibcHeap g, long rss, int top, List<String> lines) {
        lines.add("");
        lines.add("  glibc free memory by what a trim could do");
        TextTable t = new TextTable("  ", -20, 16, 12, 12);
        t.row("arena", "free pages res.", "trimmable", "fragmented");
        for (GlibcArena a : g.arenas()) {
            t.row(String.format(Locale.ROOT, "%s 0x%x", a.kind(), a.address()), HumanUnits.bytes(a.freeResidentBytes()),
                    HumanUnits.bytes(a.trimmableBytes()), HumanUnits.bytes(a.fragmentedBytes()));
        }
        lines.addAll(t.lines());
        lines.add("    trimmable: what malloc_trim(0) could return now;");
        lines.add("    fragmented: free bytes on pages shared with live chunks, which no trim returns");
        if (g.commonSizes().isEmpty()) {
            return;
        }
        lines.add("");
        lines.addAll(TextWrap.wrap(String.format(Locale.ROOT, "glibc most common exact chunk sizes in use, whole "
                + "process (%d of %d, most chunks first; change with --top)", Math.min(top, g.commonSizes().size()),
                g.commonSizes().size()), "  ", "    "));
        TextTable c = new TextTable("  ", -20, 12, 12, 7);
        c.row("chunk size", "chunks", "bytes", "of RSS");
        for (CommonSize s : g.commonSizes().stream().limit(top).toList()) {
            c.row(HumanUnits.count(s.sizeBytes()) + " B", HumanUnits.count(s.count()), HumanUnits.bytes(s.bytes()),
                    HumanUnits.percent(Shares.of(s.bytes(), rss)));
        }
        lines.addAll(c.lines());
    }

    static void allocatorRows(LuaJitAllocator a, TextTable t, long rss) {
        t.row("free pages, resident", HumanUnits.bytes(a.reclaimableResidentBytes()),
                pct(a.reclaimableResidentBytes(), rss), "whole pages without a live chunk");
        t.row("free bytes, resident", HumanUnits.bytes(a.freeResidentBytes()), pct(a.freeResidentBytes(), rss),
                "byte-wise; parts of used pages too");
        t.row("used pages, resident", HumanUnits.bytes(a.usedResidentBytes()), pct(a.usedResidentBytes(), rss), "");
        t.row("not resident", HumanUnits.bytes(a.notResidentBytes()), "", "");
    }

    static void luajit(LuaJitHeap l, long rss, int top, List<String> lines) {
        if (!l.biggestTables().isEmpty()) {
            lines.add("");
            lines.addAll(TextWrap.wrap(String.format(Locale.ROOT, "LuaJIT biggest tables (%d of %d recorded, most "
                    + "bytes first; change with --top)", Math.min(top, l.biggestTables().size()),
                    l.biggestTables().size()), "  ", "    "));
            TextTable t = new TextTable("  ", -20, 12, 12, 10, 7);
            t.row("address", "array slots", "hash slots", "bytes", "of RSS");
            for (LuaJitTable x : l.biggestTables().stream().limit(top).toList()) {
                t.row(String.format(Locale.ROOT, "0x%x", x.address()), HumanUnits.count(x.arraySlots()),
                        HumanUnits.count(x.hashSlots()), HumanUnits.bytes(x.bytes()), pct(x.bytes(), rss));
            }
            lines.addAll(t.lines());
        }
        if (!l.biggestStrings().isEmpty()) {
            boolean previews = l.biggestStrings().stream().anyMatch(s -> s.preview().isPresent());
            lines.add("");
            lines.addAll(TextWrap.wrap(String.format(Locale.ROOT, "LuaJIT biggest strings (%d of %d recorded, most "
                    + "bytes first; change with --top; %s)", Math.min(top, l.biggestStrings().size()),
                    l.biggestStrings().size(), previews ? "previews were asked for at capture"
                            : "contents not captured"), "  ", "    "));
            TextTable t = new TextTable("  ", -20, 12, 10, 7, 0);
            t.row("address", "length", "bytes", "of RSS", previews ? "preview" : "");
            for (LuaJitString s : l.biggestStrings().stream().limit(top).toList()) {
                t.row(String.format(Locale.ROOT, "0x%x", s.address()), HumanUnits.count(s.lengthBytes()),
                        HumanUnits.bytes(s.bytes()), pct(s.bytes(), rss), s.preview().orElse(""));
            }
            lines.addAll(t.lines());
        }
        TextLuaJitRetention.render(l, top, lines);
    }

    private static String pct(long bytes, long rss) {
        return HumanUnits.percent(Shares.of(bytes, rss));
    }
}
