// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.view.LuaJitView;
import io.memsnap.analyzer.view.Shared;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitModule;
import io.memsnap.snapshot.model.luajit.LuaJitReachability;
import io.memsnap.snapshot.model.luajit.LuaJitRetainer;
import java.io.IOException;
import java.util.List;

/**
 * Who holds the LuaJIT memory, as HTML: a retained-size icicle of the top of the dominator tree
 * ({@link RetainedIcicle}), the top retainers with their paths, the loaded modules and the unreachable garbage.
 * Every string from the snapshot is escaped ({@link HtmlOut}, {@link HtmlEscaper}). Writes to one {@link HtmlOut};
 * not thread-safe.
 */
final class HtmlLuaJitRetention {

    private final HtmlOut h;

    HtmlLuaJitRetention(HtmlOut h) {
        this.h = h;
    }

    void render(LuaJitView view) throws IOException {
        LuaJitHeap l = view.heap();
        LuaJitReachability reach = l.reachability();
        if (!reach.tree().isEmpty()) {
            h.el("p", "muted", "Retained bytes by the top of the dominator tree: each bar is what an object keeps "
                    + "alive on its own, under the object that keeps it alive.");
            h.tag("<div class=\"chart\">").tag(RetainedIcicle.svg(reach.tree())).tag("</div>\n");
        }
        if (!l.retainers().isEmpty()) {
            h.el("p", "muted", "Top retainers, most retained bytes first, with the shortest path from a GC root.");
            boolean[] num = {true, true, true, false, false};
            h.tag("<table>\n");
            h.row("th", num, "retained", "of GC heap", "objects", "type", "path");
            for (Shared<LuaJitRetainer> s : view.retainers()) {
                LuaJitRetainer r = s.item();
                h.tag("<tr>").el("td", "num", HumanUnits.bytes(r.retainedBytes()))
                        .el("td", "num", HumanUnits.percent(s.share()))
                        .el("td", "num", HumanUnits.count(r.objects())).el("td", "", r.type())
                        .el("td", "path", r.shownPath()).tag("</tr>\n");
            }
            h.tag("</table>\n");
        }
        if (reach.reachableObjects() + reach.unreachableObjects() > 0) {
            h.el("p", "muted", "Unreachable (garbage the collector has not freed yet): "
                    + HumanUnits.bytes(reach.unreachableBytes()) + " in " + HumanUnits.count(reach.unreachableObjects())
                    + " objects.");
        }
        if (!l.modules().isEmpty()) {
            modules(view);
        }
    }

    private void modules(LuaJitView view) throws IOException {
        List<LuaJitModule> all = view.heap().modules();
        h.el("p", "muted", "Loaded modules (package.loaded), most retained bytes first; " + all.size()
                + " in all" + (all.size() > view.modules().size() ? ", the first " + view.modules().size() + " shown."
                        : "."));
        boolean[] num = {false, true, true, true, false};
        h.tag("<table>\n");
        h.row("th", num, "module", "retained", "of GC heap", "objects", "source");
        for (Shared<LuaJitModule> s : view.modules()) {
            LuaJitModule m = s.item();
            h.tag("<tr>").el("td", "path", m.name()).el("td", "num", HumanUnits.bytes(m.retainedBytes()))
                    .el("td", "num", HumanUnits.percent(s.share()))
                    .el("td", "num", HumanUnits.count(m.objects()))
                    .el("td", "path", m.source().orElse("(C or built in)")).tag("</tr>\n");
        }
        h.tag("</table>\n");
    }
}
