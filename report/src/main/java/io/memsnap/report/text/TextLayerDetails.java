// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.view.GlibcView;
import io.memsnap.analyzer.view.LuaJitView;
import io.memsnap.analyzer.view.LuaJitView.AllocatorRow;
import io.memsnap.analyzer.view.Shared;
import io.memsnap.snapshot.model.glibc.CommonSize;
import io.memsnap.snapshot.model.glibc.GlibcArena;
import io.memsnap.snapshot.model.glibc.GlibcHeap;
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

    static void glibc(GlibcView view, List<String> lines) {
        GlibcHeap g = view.heap();
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
                + "process (%d of %d, most chunks first; change with --top)", view.commonSizes().size(),
                g.commonSizes().size()), "  ", "    "));
        TextTable c = new TextTable("  ", -20, 12, 12, 9);
        c.row("chunk size", "chunks", "bytes", "of in use");
        for (Shared<CommonSize> x : view.commonSizes()) {
            CommonSize s = x.item();
            c.row(HumanUnits.count(s.sizeBytes()) + " B", HumanUnits.count(s.count()), HumanUnits.bytes(s.bytes()),
                    HumanUnits.percent(x.share()));
        }
        lines.addAll(c.lines());
    }

    /** Every allocator figure with the label HTML gives it, and its share of RSS where one exists. */
    static void allocatorRows(LuaJitView view, TextTable t) {
        for (AllocatorRow r : view.allocator()) {
            t.row(r.figure().label(), HumanUnits.bytes(r.bytes()), HumanUnits.percent(r.shareOfRss()), note(r));
        }
    }

    private static String note(AllocatorRow r) {
        return switch (r.figure()) {
            case IN_USE, FREE -> HumanUnits.percent(r.shareOfFootprint()) + " of footprint";
            case FREE_PAGES_RESIDENT -> "whole pages without a live chunk";
            case FREE_BYTES_RESIDENT -> "byte-wise; parts of used pages too";
            case GC_HEAP -> "collectgarbage(\"count\")";
            default -> "";
        };
    }

    static void luajit(LuaJitView view, List<String> lines) {
        LuaJitHeap l = view.heap();
        if (!l.biggestTables().isEmpty()) {
            lines.add("");
            lines.addAll(TextWrap.wrap(String.format(Locale.ROOT, "LuaJIT biggest tables (%d of %d recorded, most "
                    + "bytes first; change with --top)", view.tables().size(),
                    l.biggestTables().size()), "  ", "    "));
            TextTable t = new TextTable("  ", -20, 12, 12, 10, 11);
            t.row("address", "array slots", "hash slots", "bytes", "of GC heap");
            for (Shared<LuaJitTable> s : view.tables()) {
                LuaJitTable x = s.item();
                t.row(String.format(Locale.ROOT, "0x%x", x.address()), HumanUnits.count(x.arraySlots()),
                        HumanUnits.count(x.hashSlots()), HumanUnits.bytes(x.bytes()), HumanUnits.percent(s.share()));
            }
            lines.addAll(t.lines());
        }
        if (!l.biggestStrings().isEmpty()) {
            boolean previews = l.biggestStrings().stream().anyMatch(s -> s.preview().isPresent());
            lines.add("");
            lines.addAll(TextWrap.wrap(String.format(Locale.ROOT, "LuaJIT biggest strings (%d of %d recorded, most "
                    + "bytes first; change with --top; %s)", view.strings().size(),
                    l.biggestStrings().size(), previews ? "previews were asked for at capture"
                            : "contents not captured"), "  ", "    "));
            TextTable t = new TextTable("  ", -20, 12, 10, 11, 0);
            t.row("address", "length", "bytes", "of GC heap", previews ? "preview" : "");
            for (Shared<LuaJitString> x : view.strings()) {
                LuaJitString s = x.item();
                t.row(String.format(Locale.ROOT, "0x%x", s.address()), HumanUnits.count(s.lengthBytes()),
                        HumanUnits.bytes(s.bytes()), HumanUnits.percent(x.share()), s.preview().orElse(""));
            }
            lines.addAll(t.lines());
        }
        TextLuaJitRetention.render(view, lines);
    }
}
