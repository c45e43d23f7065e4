// SPDX-License-Identifier: Apache-2.0
package io.memsnap.report.html;

import io.memsnap.analyzer.findings.HumanUnits;
import io.memsnap.snapshot.model.luajit.LuaJitDominatorNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small inline SVG icicle of the top levels of a dominator tree: one row per level, each node as wide as its
 * retained bytes, placed under the node that dominates it. Labels and tooltips come from the snapshot and are
 * escaped with {@link HtmlEscaper}. Pure.
 */
final class RetainedIcicle {
    static final int WIDTH = 960;
    static final int ROW = 22;
    private static final double CHAR_PX = 6.6;
    private static final Map<String, String> COLOURS = Map.of("table", "#e8a33d", "function", "#6fa8dc", "thread",
            "#93c47d", "string", "#c27ba0", "proto", "#8e7cc3", "userdata", "#76a5af", "cdata", "#b6a78d");

    private RetainedIcicle() {}

    static String svg(List<LuaJitDominatorNode> nodes) {
        long top = nodes.stream().filter(n -> n.parent() < 0).mapToLong(LuaJitDominatorNode::retainedBytes).sum();
        Map<Integer, double[]> box = new HashMap<>(); // id -> {x, width, depth}
        Map<Integer, Double> nextX = new HashMap<>();
        double rootX = 0;
        int depthMax = 0;
        StringBuilder body = new StringBuilder();
        for (LuaJitDominatorNode n : nodes) {
            double x;
            double w;
            int depth;
            if (n.parent() < 0) {
                x = rootX;
                w = top == 0 ? 0 : WIDTH * (double) n.retainedBytes() / top;
                rootX += w;
                depth = 0;
            } else {
                double[] p = box.get(n.parent());
                LuaJitDominatorNode parent = nodes.get(n.parent());
                x = nextX.getOrDefault(n.parent(), p[0]);
                w = parent.retainedBytes() == 0 ? 0 : p[1] * n.retainedBytes() / parent.retainedBytes();
                nextX.put(n.parent(), x + w);
                depth = (int) p[2] + 1;
            }
            box.put(n.id(), new double[] {x, w, depth});
            depthMax = Math.max(depthMax, depth);
            rect(body, n, x, w, depth);
        }
        int height = (depthMax + 1) * ROW;
        return String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">", WIDTH, height, WIDTH, height)
                + body + "</svg>";
    }

    private static void rect(StringBuilder b, LuaJitDominatorNode n, double x, double w, int depth) {
        String colour = COLOURS.getOrDefault(n.type(), "#cccccc");
        String tip = n.label() + " — " + n.type() + ", retains " + HumanUnits.bytes(n.retainedBytes());
        b.append(String.format(Locale.ROOT, "<g><title>%s</title><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
                + "height=\"%d\" fill=\"%s\" stroke=\"#fff\"/>", HtmlEscaper.escape(tip), x, depth * ROW,
                Math.max(w, 0.5), ROW - 1, colour));
        int chars = (int) ((w - 6) / CHAR_PX);
        if (chars >= 4) {
            String text = n.label().length() > chars ? n.label().substring(0, chars - 1) + "…" : n.label();
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>", x + 3, depth * ROW + 15,
                    HtmlEscaper.escape(text)));
        }
        b.append("</g>");
    }
}
