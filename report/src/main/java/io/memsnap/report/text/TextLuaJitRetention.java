// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.text;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.analyzer.view.LuaJitView;
import io.memsnap.analyzer.view.Shared;
import io.memsnap.snapshot.model.luajit.LuaJitHeap;
import io.memsnap.snapshot.model.luajit.LuaJitModule;
import io.memsnap.snapshot.model.luajit.LuaJitReachability;
import io.memsnap.snapshot.model.luajit.LuaJitRetainer;
import java.util.List;

/**
 * Who holds the LuaJIT memory, as text: the top retainers with their paths from a GC root, the loaded modules,
 * and the garbage no root reaches. Paths show string keys only when the snapshot holds them (captured with
 * {@code --show-strings}); every cell goes through {@link TextSafe}. Stateless.
 */
final class TextLuaJitRetention {
    private TextLuaJitRetention() {}

    static void render(LuaJitView view, List<String> lines) {
        LuaJitHeap l = view.heap();
        if (!l.retainers().isEmpty()) {
            lines.add("");
            lines.add("  LuaJIT top retainers (most retained bytes first; what each keeps alive on its own)");
            TextTable t = new TextTable("  ", 10, 7, 10, -9, 0);
            t.row("retained", "of GC", "objects", "type", "path from a GC root");
            for (Shared<LuaJitRetainer> s : view.retainers()) {
                LuaJitRetainer r = s.item();
                t.row(HumanUnits.bytes(r.retainedBytes()), HumanUnits.percent(s.share()),
                        HumanUnits.count(r.objects()), r.type(), r.shownPath());
            }
            lines.addAll(t.lines());
        }
        LuaJitReachability reach = l.reachability();
        if (reach.reachableObjects() + reach.unreachableObjects() > 0) {
            lines.add(String.format(java.util.Locale.ROOT, "    unreachable (garbage not yet collected): %s in %s "
                    + "objects", HumanUnits.bytes(reach.unreachableBytes()),
                    HumanUnits.count(reach.unreachableObjects())));
        }
        if (!l.modules().isEmpty()) {
            lines.add("");
            lines.add("  LuaJIT loaded modules (package.loaded; most retained bytes first, first "
                    + view.modules().size() + " of " + l.modules().size() + ")");
            TextTable t = new TextTable("  ", -28, 10, 7, 10, 0);
            t.row("module", "retained", "of GC", "objects", "source");
            for (Shared<LuaJitModule> s : view.modules()) {
                LuaJitModule m = s.item();
                t.row(m.name(), HumanUnits.bytes(m.retainedBytes()), HumanUnits.percent(s.share()),
                        HumanUnits.count(m.objects()), m.source().orElse("(C or built in)"));
            }
            lines.addAll(t.lines());
        }
    }
}
